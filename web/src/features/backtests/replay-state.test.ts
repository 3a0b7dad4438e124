import { describe, expect, it } from "vitest";
import {
  barsPerSecond,
  initialReplay,
  REPLAY_SPEEDS,
  type ReplayAction,
  type ReplayState,
  replayPosition,
  replayReducer,
} from "./replay-state.ts";

const run = (state: ReplayState, ...actions: ReplayAction[]) => actions.reduce(replayReducer, state);

describe("replay state", () => {
  it("starts on the finished run, paused at 1×, and plays from the first bar when at the end", () => {
    const start = initialReplay(600);
    expect(start).toEqual({ total: 600, cursor: 600, fraction: 0, playing: false, speed: 1 });
    const playing = run(start, { type: "play" });
    expect(playing).toMatchObject({ cursor: 1, playing: true });
    expect(run(playing, { type: "toggle" }).playing).toBe(false);
    expect(run(playing, { type: "pause" }, { type: "toggle" })).toMatchObject({ cursor: 1, playing: true });
  });

  it("advances by elapsed time × speed (a 600-bar run takes 60 s at 1×), carrying fractions of a bar", () => {
    expect(barsPerSecond(600, 1)).toBe(10);
    expect(barsPerSecond(30, 1)).toBe(1);
    const playing = run(initialReplay(600), { type: "play" });
    expect(run(playing, { type: "tick", elapsedMs: 1_000 }).cursor).toBe(11);
    expect(run(playing, { type: "speed", speed: 4 }, { type: "tick", elapsedMs: 1_000 }).cursor).toBe(41);
    // 0.25× is 2.5 bars a second: four 100 ms ticks make one bar, not zero.
    const slow = run(playing, { type: "speed", speed: 0.25 });
    const ticks = Array.from({ length: 4 }, () => ({ type: "tick", elapsedMs: 100 }) as const);
    expect(run(slow, ...ticks).cursor).toBe(2);
    // A paused replay and a non-positive tick do not move.
    expect(
      run(initialReplay(600), { type: "seek", cursor: 5 }, { type: "tick", elapsedMs: 5_000 }).cursor,
    ).toBe(5);
    expect(run(playing, { type: "tick", elapsedMs: -50 }).cursor).toBe(1);
  });

  it("stops, paused, on the last bar at the end of the data", () => {
    const playing = run(initialReplay(100), { type: "play" }, { type: "speed", speed: 16 });
    const end = run(playing, { type: "tick", elapsedMs: 60_000 });
    expect(end).toMatchObject({ cursor: 100, playing: false, fraction: 0 });
    expect(run(end, { type: "tick", elapsedMs: 1_000 })).toBe(end);
  });

  it("keeps the speed within 0.25×–16×, snapping other values to the nearest offered one", () => {
    const state = initialReplay(10);
    expect(run(state, { type: "speed", speed: 64 }).speed).toBe(16);
    expect(run(state, { type: "speed", speed: 0.01 }).speed).toBe(0.25);
    expect(run(state, { type: "speed", speed: 0 }).speed).toBe(0.25);
    expect(run(state, { type: "speed", speed: -3 }).speed).toBe(0.25);
    expect(run(state, { type: "speed", speed: Number.NaN }).speed).toBe(1);
    // Nearest on a log scale: 2.5 is nearer 2, 3 nearer 4.
    expect(run(state, { type: "speed", speed: 2.5 }).speed).toBe(2);
    expect(run(state, { type: "speed", speed: 3 }).speed).toBe(4);
    const fastest = run(state, ...REPLAY_SPEEDS.map(() => ({ type: "faster" }) as const));
    expect(fastest.speed).toBe(16);
    expect(run(fastest, { type: "faster" }).speed).toBe(16);
    const slowest = run(state, ...REPLAY_SPEEDS.map(() => ({ type: "slower" }) as const));
    expect(slowest.speed).toBe(0.25);
    expect(run(slowest, { type: "slower" }).speed).toBe(0.25);
  });

  it("steps and seeks within 1…total, pausing the replay", () => {
    const playing = run(initialReplay(50), { type: "play" });
    expect(run(playing, { type: "step", bars: 1 })).toMatchObject({ cursor: 2, playing: false });
    expect(run(playing, { type: "step", bars: -1 }).cursor).toBe(1);
    expect(run(playing, { type: "step", bars: 500 }).cursor).toBe(50);
    expect(run(playing, { type: "seek", cursor: 25.4 })).toMatchObject({ cursor: 25, playing: false });
    expect(run(playing, { type: "seek", cursor: 0 }).cursor).toBe(1);
    expect(run(playing, { type: "seek", cursor: 99 }).cursor).toBe(50);
    expect(replayPosition(run(playing, { type: "seek", cursor: 7 }))).toBe("bar 7 of 50");
  });

  it("does nothing with no data, and starts over on a reset", () => {
    const empty = initialReplay(0);
    expect(run(empty, { type: "play" })).toBe(empty);
    expect(run(empty, { type: "step", bars: 1 }).cursor).toBe(0);
    expect(run(empty, { type: "seek", cursor: 10 }).cursor).toBe(0);
    const moved = run(initialReplay(10), { type: "seek", cursor: 3 }, { type: "speed", speed: 8 });
    expect(run(moved, { type: "reset", total: 20 })).toEqual(initialReplay(20));
  });
});
