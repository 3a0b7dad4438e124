import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../lib/api.ts";
import { ConfirmDialog } from "./confirm-dialog.tsx";

describe("ConfirmDialog", () => {
  it("needs a reason, shows the server's refusal in words, and closes on success", async () => {
    const onClose = vi.fn();
    const onConfirm = vi
      .fn()
      .mockRejectedValueOnce(
        new ApiError(403, "FORBIDDEN", "this action needs the admin role; you are trader"),
      )
      .mockResolvedValueOnce(undefined);
    render(
      <ConfirmDialog
        open
        title="Trip?"
        confirmLabel="Trip"
        requireReason
        action="trip the breaker"
        onConfirm={onConfirm}
        onClose={onClose}
      >
        <p>Blocks entries.</p>
      </ConfirmDialog>,
    );
    const confirm = screen.getByRole("button", { name: "Trip" }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: "incident" } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    expect(await screen.findByRole("alert")).toHaveProperty(
      "textContent",
      "You don't have permission to trip the breaker. This action needs the admin role; you are trader.",
    );
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.click(confirm);
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1));
    expect(onConfirm).toHaveBeenLastCalledWith("incident");
  });
});
