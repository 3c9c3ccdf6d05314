import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { err, makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { ToastProvider } from "../components/Toast";
import { CadencesManager } from "./CadencesManager";

const seeded = { id: 1, name: "New lead follow-up", steps: [{ offset_days: 0, kind: "call", title: "Call {name}" }, { offset_days: 3, kind: "email", title: "Email {name}" }] };

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    cadencesList: vi.fn(async () => ok([seeded])),
    cadencesUpdate: vi.fn(async (_id: number, input: object) => ok({ id: 1, ...input })),
    cadencesCreate: vi.fn(async (input: object) => ok({ id: 2, ...input })),
  });
});

const input = (name: string) => document.querySelector<HTMLInputElement>(`[name="${name}"]`)!;

describe("CadencesManager", () => {
  it("edits steps and shows the core's error at the step it names", async () => {
    render(<ToastProvider><CadencesManager /></ToastProvider>);
    expect((await screen.findByTestId("cadence-row")).textContent).toContain("Call today, email in 3 days");
    fireEvent.click(screen.getByLabelText("Edit New lead follow-up"));
    fireEvent.click(screen.getByTestId("cadence-add-step"));
    expect(input("steps.2.offset_days").value).toBe("6");
    fireEvent.change(input("steps.2.title"), { target: { value: "Visit {name}" } });
    fireEvent.change(input("steps.2.kind"), { target: { value: "visit" } });
    commands.cadencesUpdate.mockResolvedValueOnce(err("too_long", "too long", "steps.1.title"));
    fireEvent.click(screen.getByTestId("cadence-save"));
    expect((await screen.findByTestId("error-steps.1.title")).textContent).toBe("This is too long.");
    expect(document.activeElement).toBe(input("steps.1.title"));
    fireEvent.click(screen.getByTestId("cadence-save"));
    await waitFor(() => expect(commands.cadencesUpdate).toHaveBeenCalledTimes(2));
    expect(commands.cadencesUpdate.mock.calls[1]).toEqual([
      1,
      { name: "New lead follow-up", steps: [seeded.steps[0], seeded.steps[1], { offset_days: 6, kind: "visit", title: "Visit {name}" }] },
    ]);
    await waitFor(() => expect(screen.queryByTestId("cadence-editor")).toBeNull());
  });

  it("checks steps before saving a new cadence", async () => {
    render(<ToastProvider><CadencesManager /></ToastProvider>);
    fireEvent.click(await screen.findByTestId("cadence-new"));
    fireEvent.click(screen.getByTestId("cadence-save"));
    expect(await screen.findByTestId("error-name")).toBeTruthy();
    expect(screen.getByTestId("error-steps.0.title")).toBeTruthy();
    expect(commands.cadencesCreate).not.toHaveBeenCalled();
  });
});
