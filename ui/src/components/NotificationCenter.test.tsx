import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
const fired = vi.hoisted(() => ({ handler: null as null | ((e: { payload: unknown }) => void) }));
vi.mock("../bindings", async (real) => ({ ...(await real<object>()),
  commands,
  events: {
    dataChanged: { listen: vi.fn(async () => () => undefined) },
    reminderFired: {
      listen: vi.fn(async (h: (e: { payload: unknown }) => void) => {
        fired.handler = h;
        return () => undefined;
      }),
    },
  },
}));

import { DEFAULT_SETTINGS } from "../api/types";
import { AppStateProvider } from "../app/AppState";
import { FormsProvider } from "../app/Forms";
import type { Task } from "../bindings";
import { NotificationCenter } from "./NotificationCenter";
import { ToastProvider } from "./Toast";

const now = Date.now();
function task(id: number, title: string, extra: Partial<Task> = {}): Task {
  return {
    id, title, notes: null, due_at: now - 3600_000, remind_at: null, done_at: null, notified_at: now - 5 * 60_000,
    person_id: 3, person_name: "Anna de Vries", company_id: 4, company_name: "Acme", deal_id: null, deal_title: null,
    owner: null, repeat: null, repeat_rule: null, time_zone: "Europe/Amsterdam", created_at: now, updated_at: now, system_event: null, ...extra,
  };
}

function setup() {
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={DEFAULT_SETTINGS} info={null}>
        <FormsProvider>
          <NotificationCenter />
        </FormsProvider>
      </AppStateProvider>
    </ToastProvider>,
  );
  return screen.getByTestId("notifications-button");
}

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    remindersFired: vi.fn(async () => ok([task(1, "Call back about the offer"), task(2, "Send <b>contract</b>", { person_name: null, person_id: null })])),
    tasksSetDone: vi.fn(async () => ok(task(1, "x", { done_at: now }))),
    tasksSnooze: vi.fn(async () => ok(task(1, "x"))),
    tasksGet: vi.fn(async () => ok(task(1, "Call back about the offer"))),
  });
  fired.handler = null;
});

describe("NotificationCenter", () => {
  it("shows the count of fired follow-ups and lists them with who and when", async () => {
    const bell = setup();
    await waitFor(() => expect(screen.getByTestId("notifications-count").textContent).toBe("2"));
    expect(commands.remindersFired).toHaveBeenCalledWith(50);
    expect(bell.getAttribute("aria-label")).toBe("Reminders: 2 follow-ups waiting");
    fireEvent.click(bell);
    const items = within(screen.getByTestId("notifications-panel")).getAllByTestId("notification-item");
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain("Call back about the offer");
    expect(items[0].textContent).toContain("Anna de Vries · Acme");
    expect(items[0].textContent).toContain("5 minutes ago");
    // User text stays text.
    expect(items[1].textContent).toContain("Send <b>contract</b>");
    expect(items[1].querySelector("b")).toBeNull();
  });

  it("marks done and snoozes from the panel", async () => {
    const bell = setup();
    await waitFor(() => screen.getByTestId("notifications-count"));
    fireEvent.click(bell);
    const first = screen.getAllByTestId("notification-item")[0];
    fireEvent.click(within(first).getByLabelText("Mark “Call back about the offer” as done"));
    await waitFor(() => expect(commands.tasksSetDone).toHaveBeenCalledWith(1, true));
    fireEvent.click(within(first).getByTestId("snooze-button"));
    const options = within(first).getAllByTestId("snooze-option");
    expect(options.map((o) => o.textContent)).toEqual(["10 minutes1", "1 hour2", "Tomorrow at 9:003"]);
    fireEvent.keyDown(options[0], { key: "2" });
    await waitFor(() => expect(commands.tasksSnooze).toHaveBeenCalled());
    const [id, until] = commands.tasksSnooze.mock.calls[0];
    expect(id).toBe(1);
    expect(Math.abs(until - (Date.now() + 3600_000))).toBeLessThan(5000);
    // The panel stays open: Esc in the menu closes only the menu.
    expect(screen.getByTestId("notifications-panel")).toBeTruthy();
  });

  it("closes with Esc and gives focus back to the bell", async () => {
    const bell = setup();
    fireEvent.click(bell);
    const panel = screen.getByTestId("notifications-panel");
    fireEvent.keyDown(panel, { key: "Escape" });
    expect(screen.queryByTestId("notifications-panel")).toBeNull();
    expect(document.activeElement).toBe(bell);
  });

  it("says so when nothing fired, and refreshes when a reminder fires", async () => {
    commands.remindersFired.mockResolvedValueOnce(ok([]));
    const bell = setup();
    await waitFor(() => expect(commands.remindersFired).toHaveBeenCalledTimes(1));
    fireEvent.click(bell);
    await waitFor(() => expect(screen.getByTestId("notifications-panel").textContent).toContain("No reminders waiting"));
    expect(screen.queryByTestId("notifications-count")).toBeNull();
    await waitFor(() => expect(fired.handler).not.toBeNull());
    act(() => fired.handler!({ payload: { task_ids: [1], title: "Call back" } }));
    await waitFor(() => expect(screen.getAllByTestId("notification-item")).toHaveLength(2));
    expect(screen.getByTestId("notifications-count").textContent).toBe("2");
  });

  it("refreshes when the window regains focus", async () => {
    setup();
    await waitFor(() => expect(commands.remindersFired).toHaveBeenCalledTimes(1));
    act(() => void window.dispatchEvent(new Event("focus")));
    await waitFor(() => expect(commands.remindersFired).toHaveBeenCalledTimes(2));
  });
});
