import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() }, reminderFired: { listen: vi.fn() } } }));

import { DEFAULT_SETTINGS } from "../../api/types";
import { AppStateProvider } from "../../app/AppState";
import type { MailAccount, SlaState, TicketChannel, TicketDetail } from "../../bindings";
import { ToastProvider } from "../../components/Toast";
import { TicketPane } from "./TicketPane";

const now = Date.parse("2026-06-01T10:00:00Z");
const SLA: SlaState = {
  policy: "Standard", calendar: "Always", first_response_due: "2026-06-01T09:30:00Z", first_response_at: "2026-06-01T09:10:00Z", first_response_met: true,
  next_reply_due: "2026-06-01T11:30:00Z", next_reply_at: null, next_reply_met: null, resolution_due: "2026-06-01T17:00:00Z", resolved_at: null, resolution_met: null,
  paused: false, paused_minutes: 0, breaching_soon: false, breached: false,
};

function ticket(channel: TicketChannel): TicketDetail {
  return {
    id: 7, number: "T-000007", subject: "Blank pages", description: null, person_id: 1, person_name: "Sanne Bakker", company_id: null, company_name: null,
    status: "open", priority: "normal", type: "question", channel, assignee: null, tags: [], deal_id: null, opened_at: now - 3_600_000,
    satisfaction: null, satisfaction_comment: null, created_at: now, updated_at: now, sla: SLA, events: [],
  };
}

const account = { id: 3, name: "Support", address: "support@relata.test" } as MailAccount;

function setup(channel: TicketChannel) {
  commands.ticketsGet = vi.fn(async () => ok(ticket(channel)));
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={DEFAULT_SETTINGS} info={null}>
        <TicketPane id={7} now={now} />
      </AppStateProvider>
    </ToastProvider>,
  );
}

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    mailAccountsList: vi.fn(async () => ok([account])),
    ticketsReply: vi.fn(async () => ok(ticket("email"))),
    ticketsReplyEmail: vi.fn(async () => ok(ticket("email"))),
  });
});

const type = (text: string) => fireEvent.change(document.querySelector('textarea[name="body"]') as HTMLTextAreaElement, { target: { value: text } });

describe("TicketPane", () => {
  it("emails the reply to an email ticket from the account, and shows each SLA clock", async () => {
    setup("email");
    await waitFor(() => expect((document.querySelector('select[name="via"]') as HTMLSelectElement | null)?.value).toBe("3"));
    const clocks = screen.getAllByTestId("sla-clock").map((c) => [c.dataset.clock, c.dataset.state, c.textContent]);
    expect(clocks).toEqual([
      ["first_response", "met", "First response Met"],
      ["next_reply", "running", "Next reply 1 h left"],
      ["resolution", "running", "Resolution 7 h left"],
    ]);
    type("Try again please.");
    fireEvent.click(screen.getByTestId("ticket-send"));
    await waitFor(() => expect(commands.ticketsReplyEmail).toHaveBeenCalledWith(7, expect.objectContaining({ body: "Try again please.", internal: false }), 3));
    expect(commands.ticketsReply).not.toHaveBeenCalled();
  });

  it("records a reply to a phone ticket without emailing it, unless the agent picks the account", async () => {
    setup("phone");
    await waitFor(() => expect(document.querySelector('select[name="via"]')).not.toBeNull());
    expect((document.querySelector('select[name="via"]') as HTMLSelectElement).value).toBe("");
    expect(screen.getByTestId("ticket-send").textContent).toBe("Send reply");
    type("Called back.");
    fireEvent.click(screen.getByTestId("ticket-send"));
    await waitFor(() => expect(commands.ticketsReply).toHaveBeenCalledWith(7, expect.objectContaining({ body: "Called back." })));
    expect(commands.ticketsReplyEmail).not.toHaveBeenCalled();
    fireEvent.change(document.querySelector('select[name="via"]') as HTMLSelectElement, { target: { value: "3" } });
    expect(screen.getByTestId("ticket-send").textContent).toBe("Send email");
  });
});
