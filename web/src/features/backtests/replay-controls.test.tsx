import { fireEvent, render, screen } from "@testing-library/react";
import { useReducer } from "react";
import { describe, expect, it } from "vitest";
import { ReplayControls } from "./replay-controls.tsx";
import { initialReplay, replayReducer } from "./replay-state.ts";

function Harness(props: { total: number }) {
  const [state, dispatch] = useReducer(replayReducer, props.total, initialReplay);
  return <ReplayControls state={state} dispatch={dispatch} cursorTime={undefined} />;
}

describe("replay controls", () => {
  it("has labelled controls that play, pause, step and seek", () => {
    render(<Harness total={40} />);
    const slider = screen.getByLabelText("Replay position") as HTMLInputElement;
    expect(slider.value).toBe("40");
    expect(slider.getAttribute("aria-valuetext")).toBe("bar 40 of 40");
    expect((screen.getByRole("button", { name: "Step forward one bar" }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    fireEvent.click(screen.getByRole("button", { name: "Replay from the start" }));
    expect(slider.value).toBe("1");
    fireEvent.click(screen.getByRole("button", { name: "Pause replay" }));
    fireEvent.click(screen.getByRole("button", { name: "Step forward one bar" }));
    expect(slider.value).toBe("2");
    fireEvent.change(slider, { target: { value: "30" } });
    expect(slider.value).toBe("30");
    fireEvent.click(screen.getByRole("button", { name: "Step back one bar" }));
    expect(slider.value).toBe("29");
    fireEvent.change(screen.getByLabelText("Speed"), { target: { value: "16" } });
    expect(screen.getByText(/16× paused/)).toBeTruthy();
  });

  it("answers the keyboard: Space plays and pauses, arrows step, + and − change speed", () => {
    render(<Harness total={40} />);
    const group = screen.getByRole("group", { name: "Replay" });
    const slider = screen.getByLabelText("Replay position") as HTMLInputElement;
    fireEvent.keyDown(group, { key: " " });
    expect(screen.getByRole("button", { name: "Pause replay" })).toBeTruthy();
    fireEvent.keyDown(group, { key: " " });
    expect(screen.getByRole("button", { name: "Play replay" })).toBeTruthy();
    fireEvent.keyDown(group, { key: "ArrowRight" });
    fireEvent.keyDown(group, { key: "ArrowRight", shiftKey: true });
    expect(slider.value).toBe("12");
    fireEvent.keyDown(group, { key: "ArrowLeft" });
    expect(slider.value).toBe("11");
    fireEvent.keyDown(group, { key: "+" });
    fireEvent.keyDown(group, { key: "+" });
    expect((screen.getByLabelText("Speed") as HTMLSelectElement).value).toBe("4");
    fireEvent.keyDown(group, { key: "-" });
    expect((screen.getByLabelText("Speed") as HTMLSelectElement).value).toBe("2");
  });
});
