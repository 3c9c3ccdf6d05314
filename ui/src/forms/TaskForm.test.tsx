import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { err, makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { DEFAULT_SETTINGS } from "../api/types";
import { AppStateProvider } from "../app/AppState";
import type { Task } from "../bindings";
import { ToastProvider } from "../components/Toast";
import { weekdayOf } from "../lib/rrule";
import { TaskForm } from "./TaskForm";

const now = Date.now();
const stored: Task = {
  id: 9, title: "Quarterly review", notes: null, due_at: new Date(2026, 0, 15, 9).getTime(), remind_at: null, done_at: null, notified_at: null,
  person_id: null, person_name: null, company_id: null, company_name: null, deal_id: null, deal_title: null, owner: null,
  repeat: "FREQ=MONTHLY;BYMONTHDAY=3", time_zone: "Europe/Copenhagen", created_at: now, updated_at: now, system_event: null,
  repeat_rule: { freq: "MONTHLY", interval: 1, by_day: [], by_month_day: 3, until: null, count: null },
};

function setup(id?: number) {
  const onSaved = vi.fn();
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={DEFAULT_SETTINGS} info={null}>
        <TaskForm id={id} onClose={vi.fn()} onSaved={onSaved} />
      </AppStateProvider>
    </ToastProvider>,
  );
  const input = (name: string) => document.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  const change = (name: string, value: string) => fireEvent.change(input(name), { target: { value } });
  return { onSaved, input, change };
}

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    tasksCreate: vi.fn(async (input: Task) => ok({ ...stored, ...input, id: 1 })),
    tasksUpdate: vi.fn(async (_id: number, input: Task) => ok({ ...stored, ...input })),
    tasksGet: vi.fn(async () => ok(stored)),
  });
});

describe("TaskForm reminders and recurrence", () => {
  it("keeps the input names the end-to-end tests use", () => {
    const { input } = setup();
    fireEvent.click(input("remind"));
    fireEvent.change(input("remind_choice"), { target: { value: "custom" } });
    for (const name of ["title", "due_at", "due_at_time", "remind", "remind_at", "remind_at_time", "notes", "owner", "repeat"]) expect(input(name), name).toBeTruthy();
  });

  it("saves a reminder 1 hour before and a weekly rule on the due date's weekday", async () => {
    const { input, change } = setup();
    change("title", "Check-in");
    fireEvent.click(input("remind"));
    change("remind_choice", "1h");
    change("repeat", "weekly");
    const checked = [...document.querySelectorAll<HTMLInputElement>('[name="repeat_days"]')].filter((c) => c.checked).map((c) => c.value);
    change("repeat_end", "count");
    change("repeat_count", "8");
    fireEvent.click(screen.getByTestId("form-save"));
    await waitFor(() => expect(commands.tasksCreate).toHaveBeenCalled());
    const sent = commands.tasksCreate.mock.calls[0][0];
    expect(checked).toEqual([weekdayOf(sent.due_at)]);
    expect(sent.repeat).toBe(`FREQ=WEEKLY;BYDAY=${checked[0]};COUNT=8`);
    expect(sent.remind_at).toBe(sent.due_at - 3600_000);
    expect(sent.time_zone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it("shows the core's repeat error next to the picker", async () => {
    commands.tasksCreate.mockResolvedValueOnce(err("invalid_value", "bad rule", "repeat"));
    const { change } = setup();
    change("title", "Check-in");
    change("repeat", "daily");
    fireEvent.click(screen.getByTestId("form-save"));
    expect((await screen.findByTestId("error-repeat")).textContent).toBeTruthy();
    expect(document.activeElement?.getAttribute("name")).toBe("repeat");
  });

  it("shows a rule it cannot edit as text and saves it unchanged", async () => {
    const { input, onSaved } = setup(9);
    await waitFor(() => expect(input("title").value).toBe("Quarterly review"));
    expect(screen.getByText("FREQ=MONTHLY;BYMONTHDAY=3")).toBeTruthy();
    expect(input("repeat")).toBeNull();
    fireEvent.click(screen.getByTestId("form-save"));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(commands.tasksUpdate.mock.calls[0][1]).toMatchObject({ repeat: "FREQ=MONTHLY;BYMONTHDAY=3", time_zone: "Europe/Copenhagen" });
  });
});

describe("TaskForm cadence offer", () => {
  it("offers a cadence for a new task linked to a person", async () => {
    const onStartCadence = vi.fn();
    render(
      <ToastProvider>
        <AppStateProvider initialSettings={DEFAULT_SETTINGS} info={null}>
          <TaskForm links={{ person: { id: 7, title: "Anna" } }} onClose={vi.fn()} onSaved={vi.fn()} onStartCadence={onStartCadence} />
        </AppStateProvider>
      </ToastProvider>,
    );
    fireEvent.click(screen.getByTestId("task-start-cadence"));
    expect(onStartCadence).toHaveBeenCalledWith({ id: 7, title: "Anna" });
  });

  it("hides the offer when editing", async () => {
    const { input } = setup(9);
    await waitFor(() => expect(input("title").value).toBe("Quarterly review"));
    expect(screen.queryByTestId("task-start-cadence")).toBeNull();
  });
});
