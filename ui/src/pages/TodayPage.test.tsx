import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { emptyPage, makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() }, reminderFired: { listen: vi.fn() } } }));

import { DEFAULT_SETTINGS } from "../api/types";
import { AppStateProvider } from "../app/AppState";
import { FormsProvider } from "../app/Forms";
import type { RepeatRule, Task } from "../bindings";
import { ToastProvider } from "../components/Toast";
import { TodayPage, upcomingWindow } from "./TodayPage";

const now = Date.now();
const DAY = 86_400_000;
// Rules as the core reads them (Task.repeat_rule); only the weekly one appears here.
const WEEKLY_MO: RepeatRule = { freq: "WEEKLY", interval: 1, by_day: ["MO"], by_month_day: null, until: null, count: null };
function task(id: number, title: string, due_at: number, repeat: string | null = null): Task {
  return {
    id, title, notes: null, due_at, remind_at: null, done_at: null, notified_at: null, person_id: null, person_name: null,
    company_id: null, company_name: null, deal_id: null, deal_title: null, owner: null, repeat, repeat_rule: repeat ? WEEKLY_MO : null, time_zone: null, created_at: now, updated_at: now, system_event: null,
  };
}

function setup() {
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={DEFAULT_SETTINGS} info={null}>
        <FormsProvider>
          <TodayPage />
        </FormsProvider>
      </AppStateProvider>
    </ToastProvider>,
  );
}

beforeEach(() => {
  const [from] = upcomingWindow(now);
  Object.assign(commands, makeCommands(), {
    tasksToday: vi.fn(async () => ok({ overdue: [task(1, "Late call", now - 2 * DAY)], today: [], overdue_total: 1, today_total: 0, day_start: 0, day_end: 0 })),
    tasksList: vi.fn(async () => emptyPage([task(2, "Weekly check-in", from + 3600_000, "FREQ=WEEKLY;BYDAY=MO")])),
    tasksSetDone: vi.fn(async () => ok(null)),
    tasksSnooze: vi.fn(async () => ok(null)),
  });
});

describe("TodayPage", () => {
  it("lists the next 7 days below overdue and today, with the repeat summary", async () => {
    setup();
    const upcoming = await screen.findByTestId("today-upcoming");
    expect(within(upcoming).getAllByTestId("task-item").map((i) => i.querySelector(".task-title")?.textContent)).toEqual(["Weekly check-in"]);
    expect(upcoming.textContent).toContain("Repeats weekly on Mon");
    expect(commands.tasksList).toHaveBeenCalledWith(expect.objectContaining({ state: "open", due_after: upcomingWindow(now)[0], due_before: upcomingWindow(now)[1] }));
    expect(within(screen.getByTestId("today-overdue")).getAllByTestId("task-item")).toHaveLength(1);
    expect(screen.queryByTestId("today-overdue-more")).toBeNull();
  });

  it("shows the count of all overdue tasks and links to the rest in Tasks", async () => {
    commands.tasksToday.mockImplementation(async () =>
      ok({ overdue: [task(1, "Late call", now - 2 * DAY)], today: [], overdue_total: 2345, today_total: 0, day_start: 0, day_end: 0 }),
    );
    setup();
    const overdue = await screen.findByTestId("today-overdue");
    expect(overdue.querySelector("h2 .badge")?.textContent).toBe("2,345");
    expect(within(overdue).getByTestId("today-overdue-more").textContent).toContain("Showing 1 of 2,345.");
  });

  it("marks a focused row done with x and snoozes it with s then 3", async () => {
    setup();
    const row = within(await screen.findByTestId("today-overdue")).getByTestId("task-item");
    row.focus();
    fireEvent.keyDown(row, { key: "x" });
    await waitFor(() => expect(commands.tasksSetDone).toHaveBeenCalledWith(1, true));
    fireEvent.keyDown(row, { key: " " });
    await waitFor(() => expect(commands.tasksSetDone).toHaveBeenCalledWith(1, false));
    fireEvent.keyDown(row, { key: "s" });
    const options = within(row).getAllByTestId("snooze-option");
    expect(document.activeElement).toBe(options[0]);
    fireEvent.keyDown(options[0], { key: "3" });
    await waitFor(() => expect(commands.tasksSnooze).toHaveBeenCalled());
    const until = new Date(commands.tasksSnooze.mock.calls[0][1]);
    expect([until.getHours(), until.getMinutes()]).toEqual([9, 0]);
    expect(within(row).queryByTestId("snooze-option")).toBeNull();
    expect(document.activeElement).toBe(within(row).getByTestId("snooze-button"));
  });

  it("emails a task's person from its row (the shell's compose dialog opens for them and the task's deal)", async () => {
    commands.tasksToday.mockImplementation(async () =>
      ok({ overdue: [{ ...task(1, "Send the offer", now - DAY), person_id: 7, person_name: "Mette Holm", deal_id: 3 }], today: [], overdue_total: 1, today_total: 0, day_start: 0, day_end: 0 }),
    );
    const heard = vi.fn();
    window.addEventListener("relata:compose", (e) => heard((e as CustomEvent).detail));
    setup();
    const row = within(await screen.findByTestId("today-overdue")).getByTestId("task-item");
    expect(within(row).getByTestId("task-email").getAttribute("aria-label")).toBe("Email Mette Holm");
    fireEvent.click(within(row).getByTestId("task-email"));
    expect(heard).toHaveBeenCalledWith({ personId: 7, dealId: 3 });
    // A task about nobody has no such button.
    expect(within(screen.getByTestId("today-upcoming")).queryByTestId("task-email")).toBeNull();
  });
});

describe("upcomingWindow", () => {
  it("runs from tomorrow 00:00 for 7 days", () => {
    const [from, to] = upcomingWindow(new Date(2026, 0, 28, 15).getTime());
    expect(new Date(from)).toEqual(new Date(2026, 0, 29));
    expect(new Date(to)).toEqual(new Date(2026, 1, 5));
  });
});

describe("TodayPage check-ins", () => {
  it("lists the customers past their usual interval", async () => {
    commands.upsellCheckins = vi.fn(async () =>
      ok([{ person_id: 4, name: "Kim Jansen", orders: 3, last_ordered_on: "2025-01-31", median_gap_days: 15, days_since: 38, overdue_days: 23 }]),
    );
    setup();
    const card = await screen.findByTestId("today-checkins");
    await waitFor(() => expect(card.textContent).toContain("Kim Jansen"));
    expect(card.textContent).toContain("Usually orders every 15 days");
    expect(card.textContent).toContain("38 days ago");
    expect(commands.upsellCheckins).toHaveBeenCalledWith(5);
  });

  it("creates a check-in task for one customer, then for all", async () => {
    commands.upsellCheckins = vi.fn(async () =>
      ok([{ person_id: 4, name: "Kim Jansen", orders: 3, last_ordered_on: "2025-01-31", median_gap_days: 15, days_since: 38, overdue_days: 23 }]),
    );
    commands.upsellCheckinTasks = vi.fn(async () => ok({ task_ids: [9], skipped: 0 }));
    setup();
    const card = await screen.findByTestId("today-checkins");
    const one = await within(card).findByTestId("checkin-create-task");
    expect(one.getAttribute("aria-label")).toBe("Create a check-in task for Kim Jansen");
    fireEvent.click(one);
    await waitFor(() => expect(commands.upsellCheckinTasks).toHaveBeenCalledWith([4]));
    expect(await screen.findByText("1 check-in task created")).toBeTruthy();
    // Again for all: the core skips Kim, who has an open check-in task now.
    commands.upsellCheckinTasks.mockImplementation(async () => ok({ task_ids: [], skipped: 1 }));
    await waitFor(() => expect((within(card).getByTestId("checkin-create-all") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(within(card).getByTestId("checkin-create-all"));
    await waitFor(() => expect(commands.upsellCheckinTasks).toHaveBeenLastCalledWith(null));
    expect(await screen.findByText("Every customer due already has an open check-in task")).toBeTruthy();
  });

  it("titles a check-in task in the reader's language from its event", async () => {
    const checkIn = { ...task(5, "Kim Jansen", now), person_id: 4, system_event: { kind: "check_in" as const, person: "Kim Jansen", days_since: 38, usual_days: 15 } };
    commands.tasksToday.mockImplementation(async () => ok({ overdue: [], today: [checkIn], overdue_total: 0, today_total: 1, day_start: 0, day_end: 0 }));
    setup();
    const today = await screen.findByTestId("today-today");
    await waitFor(() => expect(today.querySelector(".task-title")?.textContent).toBe("Check in with Kim Jansen: no order for 38 days (usually every 15 days)"));
  });

  it("shows nothing when nobody is due", async () => {
    setup();
    await screen.findByTestId("today-page");
    await waitFor(() => expect(commands.upsellCheckins).toHaveBeenCalled());
    expect(screen.queryByTestId("today-checkins")).toBeNull();
  });
});
