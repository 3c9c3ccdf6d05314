import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { err, makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { subscribe } from "../api/invalidation";
import type { Cadence } from "../bindings";
import { StartCadenceDialog } from "./StartCadenceDialog";
import { ToastProvider } from "./Toast";

const cadences: Cadence[] = [
  {
    id: 1,
    name: "New lead follow-up",
    steps: [
      { offset_days: 0, kind: "call", title: "Call {name}" },
      { offset_days: 3, kind: "email", title: "Email {name}" },
      { offset_days: 7, kind: "call", title: "Call {name} again" },
      { offset_days: 14, kind: "email", title: "Last email" },
    ],
  },
  { id: 2, name: "Quick check", steps: [{ offset_days: 1, kind: "visit", title: "Drop by" }] },
];

function setup() {
  const onClose = vi.fn();
  render(
    <ToastProvider>
      <StartCadenceDialog person={{ id: 7, title: "Anna de Vries" }} onClose={onClose} />
    </ToastProvider>,
  );
  return { onClose };
}

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    cadencesList: vi.fn(async () => ok(cadences)),
    cadencesApply: vi.fn(async () => ok([{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }])),
  });
});

describe("StartCadenceDialog", () => {
  it("lists cadences with their steps summarised and applies the chosen one", async () => {
    const seen: string[][] = [];
    const off = subscribe((e) => seen.push(e));
    const { onClose } = setup();
    const options = await screen.findAllByTestId("cadence-option");
    expect(options[0].textContent).toContain("Call today, email in 3 days, call in 7 days, email in 14 days");
    expect(options[1].textContent).toContain("Visit tomorrow");
    fireEvent.click(screen.getByTestId("cadence-apply"));
    await waitFor(() => expect(commands.cadencesApply).toHaveBeenCalledWith(1, 7));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect((await screen.findByTestId("toast")).textContent).toContain("4 follow-ups planned for Anna de Vries");
    // The UI does not guess what changed: the person's task panel refetches on the core's DataChanged.
    expect(seen).toEqual([]);
    off();
  });

  it("applies another cadence when chosen", async () => {
    setup();
    const options = await screen.findAllByTestId("cadence-option");
    fireEvent.click(options[1].querySelector("input")!);
    fireEvent.click(screen.getByTestId("cadence-apply"));
    await waitFor(() => expect(commands.cadencesApply).toHaveBeenCalledWith(2, 7));
  });

  it("says in words that the cadence is already running", async () => {
    commands.cadencesApply.mockResolvedValueOnce(err("conflict", "already running", "cadence_id"));
    const { onClose } = setup();
    await screen.findAllByTestId("cadence-option");
    fireEvent.click(screen.getByTestId("cadence-apply"));
    expect((await screen.findByTestId("cadence-conflict")).textContent).toBe(
      "“New lead follow-up” is already running for Anna de Vries. Finish or stop its open steps first.",
    );
    expect(onClose).not.toHaveBeenCalled();
  });
});
