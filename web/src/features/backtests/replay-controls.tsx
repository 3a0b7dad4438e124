import { type KeyboardEvent, useId } from "react";
import { formatDateTime } from "../../lib/format.ts";
import { REPLAY_SPEEDS, type ReplayAction, type ReplayState, replayPosition } from "./replay-state.ts";

function speedLabel(speed: number): string {
  return `${speed}×`;
}

/**
 * Play, pause, step, seek and speed of a backtest replay. Every control is a labelled button, slider or
 * select; on the group, Space plays or pauses, ← and → step a bar (with Shift ten), + and − change speed.
 */
export function ReplayControls(props: {
  state: ReplayState;
  dispatch: (action: ReplayAction) => void;
  /** Open time of the bar at the cursor, ms UTC. */
  cursorTime: number | undefined;
}) {
  const { state, dispatch } = props;
  const ids = { slider: useId(), speed: useId(), help: useId() };
  const atStart = state.cursor <= 1;
  const atEnd = state.cursor >= state.total;
  const onKeyDown = (event: KeyboardEvent<HTMLFieldSetElement>) => {
    const target = event.target as HTMLElement;
    // The slider and the select handle their own arrow keys.
    const ownKeys = target.tagName === "INPUT" || target.tagName === "SELECT";
    if (event.key === " " && target.tagName !== "BUTTON") {
      event.preventDefault();
      dispatch({ type: "toggle" });
    } else if (!ownKeys && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
      event.preventDefault();
      const bars = (event.key === "ArrowRight" ? 1 : -1) * (event.shiftKey ? 10 : 1);
      dispatch({ type: "step", bars });
    } else if (event.key === "+" || event.key === "=") {
      event.preventDefault();
      dispatch({ type: "faster" });
    } else if (event.key === "-" || event.key === "_") {
      event.preventDefault();
      dispatch({ type: "slower" });
    }
  };
  return (
    <fieldset className="replay" aria-describedby={ids.help} onKeyDown={onKeyDown}>
      <legend>Replay</legend>
      <div className="replay-buttons">
        <button
          type="button"
          className="button button-small"
          onClick={() => dispatch({ type: "step", bars: -1 })}
          disabled={state.total === 0 || atStart}
          aria-label="Step back one bar"
        >
          ◀︎ Step
        </button>
        <button
          type="button"
          className="button button-small button-primary"
          onClick={() => dispatch({ type: "toggle" })}
          disabled={state.total === 0}
          aria-label={state.playing ? "Pause replay" : atEnd ? "Replay from the start" : "Play replay"}
        >
          {state.playing ? "Pause" : "Play"}
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => dispatch({ type: "step", bars: 1 })}
          disabled={state.total === 0 || atEnd}
          aria-label="Step forward one bar"
        >
          Step ▶︎
        </button>
        <label htmlFor={ids.speed} className="small">
          Speed
        </label>
        <select
          id={ids.speed}
          value={state.speed}
          onChange={(event) => dispatch({ type: "speed", speed: Number(event.target.value) })}
        >
          {REPLAY_SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speedLabel(speed)}
            </option>
          ))}
        </select>
      </div>
      <div className="field replay-seek">
        <label htmlFor={ids.slider}>Replay position</label>
        <input
          id={ids.slider}
          type="range"
          min={state.total === 0 ? 0 : 1}
          max={state.total}
          step={1}
          value={state.cursor}
          disabled={state.total === 0}
          aria-valuetext={`${replayPosition(state)}${props.cursorTime !== undefined ? `, ${formatDateTime(new Date(props.cursorTime).toISOString())}` : ""}`}
          onChange={(event) => dispatch({ type: "seek", cursor: Number(event.target.value) })}
        />
      </div>
      <p className="small muted" id={ids.help}>
        {replayPosition(state)}
        {props.cursorTime !== undefined
          ? ` · ${formatDateTime(new Date(props.cursorTime).toISOString())}`
          : ""}
        {" · "}
        {speedLabel(state.speed)} {state.playing ? "playing" : "paused"}. Keys: Space plays or pauses, ← →
        step, + − change speed.
      </p>
    </fieldset>
  );
}
