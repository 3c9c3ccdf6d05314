import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { err, makeCommands, ok } from "../../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { ToastProvider } from "../../components/Toast";
import { SlaManager } from "./SlaManager";

const lunch = [["09:00", "12:00"], ["13:00", "17:00"]];
const office = {
  id: 1,
  name: "Office NL",
  timezone: "Europe/Amsterdam",
  hours: { mon: lunch, tue: lunch, wed: lunch, thu: lunch, fri: lunch },
  holidays: ["2026-12-31"],
  public_holidays: "NL",
};
const policy = (id: number, position: number, name: string) => ({
  id,
  position,
  name,
  calendar: "Office NL",
  when: id === 1 ? { priority: ["urgent"], type: [], channel: ["email"], company_tag: [] } : null,
  targets: { urgent: { first_response: 60, next_reply: null, resolution: 480 } },
  pause_statuses: ["pending", "on_hold"],
});

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    slaCalendarsList: vi.fn(async () => ok([office])),
    slaPoliciesList: vi.fn(async () => ok([policy(1, 1, "Urgent mail"), policy(2, 2, "Standard")])),
    slaCalendarSave: vi.fn(async (id: number | null, def: object) => ok({ id: id ?? 9, ...def })),
    slaPolicySave: vi.fn(async (id: number | null, def: object) => ok({ id: id ?? 9, position: 3, ...def })),
    slaPolicyMove: vi.fn(async () => ok([])),
    pickFile: vi.fn(async () => ok("/home/sam/feestdagen.ics")),
    slaHolidaysFromIcs: vi.fn(async () => ok({ dates: ["2026-12-25", "2026-12-26"], skipped: 1 })),
  });
});

const input = (name: string) => document.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
const show = () => render(<ToastProvider><SlaManager /></ToastProvider>);

describe("SlaManager", () => {
  it("lists calendars with their week and policies in the order they are tried", async () => {
    show();
    const cal = await screen.findByTestId("sla-calendar-row");
    expect(cal.textContent).toContain("Europe/Amsterdam · Mon–Fri 09:00–12:00, 13:00–17:00");
    expect(cal.textContent).toContain("Netherlands · 1 closed day");
    const rows = await screen.findAllByTestId("sla-policy-row");
    expect(rows.map((r) => r.textContent)).toEqual(["1. Urgent mailOffice NL · Urgent · Email", "2. StandardOffice NL · All tickets"]);
    expect(within(rows[0]).getByLabelText("Move Urgent mail up")).toHaveProperty("disabled", true);
    fireEvent.click(within(rows[0]).getByLabelText("Move Urgent mail down"));
    await waitFor(() => expect(commands.slaPolicyMove).toHaveBeenCalledWith(1, 2));
  });

  it("edits a calendar's hours and adds the dates of an ICS file", async () => {
    show();
    fireEvent.click(await screen.findByLabelText("Edit Office NL"));
    fireEvent.change(input("hours.tue"), { target: { value: "9:00-" } });
    fireEvent.click(screen.getByTestId("form-save"));
    expect((await screen.findByTestId("error-hours.tue")).textContent).toBe("This value is not valid.");
    expect(commands.slaCalendarSave).not.toHaveBeenCalled();

    fireEvent.change(input("hours.tue"), { target: { value: "08:30 - 12:00" } });
    fireEvent.change(input("hours.sat"), { target: { value: "10:00-14:00" } });
    fireEvent.click(screen.getByTestId("sla-ics"));
    expect((await screen.findByTestId("sla-ics-note")).textContent).toBe("2 dates found in the file (repeating events for ten years either side of this year); 1 events were not taken (longer than 31 days, without a start, or with a rule that cannot be read).");
    expect(commands.slaHolidaysFromIcs).toHaveBeenCalledWith("/home/sam/feestdagen.ics");
    fireEvent.click(screen.getByTestId("form-save"));
    await waitFor(() => expect(commands.slaCalendarSave).toHaveBeenCalledTimes(1));
    expect(commands.slaCalendarSave.mock.calls[0]).toEqual([
      1,
      {
        name: "Office NL",
        timezone: "Europe/Amsterdam",
        hours: { mon: lunch, tue: [["08:30", "12:00"]], wed: lunch, thu: lunch, fri: lunch, sat: [["10:00", "14:00"]] },
        holidays: ["2026-12-25", "2026-12-26", "2026-12-31"],
        public_holidays: "NL",
      },
    ]);
  });

  it("makes a policy and shows the core's error at the field it names", async () => {
    show();
    fireEvent.click(await screen.findByTestId("sla-new-policy"));
    fireEvent.change(input("name"), { target: { value: "Phone" } });
    fireEvent.click(input("when.channel.phone"));
    fireEvent.change(input("targets.high.first_response"), { target: { value: "0" } });
    fireEvent.click(screen.getByTestId("form-save"));
    expect((await screen.findByTestId("error-targets.high.first_response")).textContent).toBe("This value is out of range.");
    fireEvent.change(input("targets.high.first_response"), { target: { value: "30" } });
    commands.slaPolicySave.mockResolvedValueOnce(err("conflict", "taken", "name"));
    fireEvent.click(screen.getByTestId("form-save"));
    expect((await screen.findByTestId("error-name")).textContent).toBe("This conflicts with other data.");
    fireEvent.click(screen.getByTestId("form-save"));
    await waitFor(() => expect(commands.slaPolicySave).toHaveBeenCalledTimes(2));
    expect(commands.slaPolicySave.mock.calls[1]).toEqual([
      null,
      {
        name: "Phone",
        calendar: "Office NL",
        when: { priority: [], type: [], channel: ["phone"], company_tag: [] },
        targets: { high: { first_response: 30, next_reply: null, resolution: null } },
        pause_statuses: ["pending", "on_hold"],
      },
    ]);
  });
});
