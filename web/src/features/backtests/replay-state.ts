/** Replay speeds offered, slowest first. */
export const REPLAY_SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;

/** A speed of {@link REPLAY_SPEEDS}. */
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

/** At 1× a replay plays the whole run in this long, whatever its number of bars. */
export const REPLAY_SECONDS_AT_1X = 60;

/**
 * Where a replay stands: `cursor` bars of `total` are shown (1…total; total = the finished run). The
 * position inside the current bar (`fraction`, 0 ≤ fraction < 1) carries slow speeds across ticks.
 */
export interface ReplayState {
  readonly total: number;
  readonly cursor: number;
  readonly fraction: number;
  readonly playing: boolean;
  readonly speed: ReplaySpeed;
}

export type ReplayAction =
  | { type: "play" }
  | { type: "pause" }
  | { type: "toggle" }
  | { type: "step"; bars: number }
  | { type: "seek"; cursor: number }
  | { type: "speed"; speed: number }
  | { type: "faster" }
  | { type: "slower" }
  | { type: "tick"; elapsedMs: number }
  | { type: "reset"; total: number };

/** A replay of `total` bars showing the finished run (cursor at the end), paused at 1×. */
export function initialReplay(total: number): ReplayState {
  const bars = Math.max(0, Math.floor(total));
  return { total: bars, cursor: bars, fraction: 0, playing: false, speed: 1 };
}

/** Bars per second at `speed` for a run of `total` bars (at least one bar per second at 1×). */
export function barsPerSecond(total: number, speed: number): number {
  return Math.max(1, total / REPLAY_SECONDS_AT_1X) * speed;
}

function clampCursor(state: ReplayState, cursor: number): number {
  if (state.total === 0) return 0;
  return Math.min(state.total, Math.max(1, Math.round(cursor)));
}

function nearestSpeed(speed: number): ReplaySpeed {
  if (!Number.isFinite(speed)) return 1;
  let best: ReplaySpeed = REPLAY_SPEEDS[0];
  for (const candidate of REPLAY_SPEEDS) {
    if (Math.abs(Math.log(candidate / speed)) < Math.abs(Math.log(best / speed))) best = candidate;
  }
  return speed <= 0 ? REPLAY_SPEEDS[0] : best;
}

/**
 * The replay's state machine. Speeds stay within 0.25×–16× (other values snap to the nearest offered one);
 * play at the end starts over from the first bar; step and seek pause and keep the cursor within
 * 1…total; a tick advances by elapsed time × speed and stops, paused, at the last bar.
 */
export function replayReducer(state: ReplayState, action: ReplayAction): ReplayState {
  switch (action.type) {
    case "reset":
      return initialReplay(action.total);
    case "play":
      if (state.total === 0) return state;
      return state.cursor >= state.total
        ? { ...state, cursor: 1, fraction: 0, playing: true }
        : { ...state, playing: true };
    case "pause":
      return { ...state, playing: false };
    case "toggle":
      return replayReducer(state, { type: state.playing ? "pause" : "play" });
    case "step":
      return {
        ...state,
        playing: false,
        fraction: 0,
        cursor: clampCursor(state, state.cursor + action.bars),
      };
    case "seek":
      return { ...state, playing: false, fraction: 0, cursor: clampCursor(state, action.cursor) };
    case "speed":
      return { ...state, speed: nearestSpeed(action.speed) };
    case "faster": {
      const index = REPLAY_SPEEDS.indexOf(state.speed);
      return { ...state, speed: REPLAY_SPEEDS[Math.min(REPLAY_SPEEDS.length - 1, index + 1)] ?? state.speed };
    }
    case "slower": {
      const index = REPLAY_SPEEDS.indexOf(state.speed);
      return { ...state, speed: REPLAY_SPEEDS[Math.max(0, index - 1)] ?? state.speed };
    }
    case "tick": {
      if (!state.playing || !(action.elapsedMs > 0)) return state;
      const advance = state.fraction + (barsPerSecond(state.total, state.speed) * action.elapsedMs) / 1000;
      const whole = Math.floor(advance);
      const cursor = state.cursor + whole;
      if (cursor >= state.total) return { ...state, cursor: state.total, fraction: 0, playing: false };
      return { ...state, cursor, fraction: advance - whole };
    }
  }
}

/** The cursor's place as "bar N of M". */
export function replayPosition(state: ReplayState): string {
  return `bar ${state.cursor.toLocaleString("en-US")} of ${state.total.toLocaleString("en-US")}`;
}
