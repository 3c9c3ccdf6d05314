import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() }, reminderFired: { listen: vi.fn() } } }));

import { DEFAULT_SETTINGS } from "../../api/types";
import { AppStateProvider } from "../../app/AppState";
import type { Ticket } from "../../bindings";
import { ToastProvider } from "../../components/Toast";
import i18n from "../../i18n";
import { TicketsPage } from "./TicketsPage";

const old: Ticket = {
  id: 3, number: "T-000003", subject: "Refund for an old order", description: null, person_id: 1, person_name: "Sanne Bakker", company_id: null, company_name: null,
  status: "solved", priority: "normal", type: "question", channel: "email", assignee: null, tags: [], deal_id: null, opened_at: 0,
  satisfaction: null, satisfaction_comment: null, created_at: 0, updated_at: 0,
  sla: { policy: null, calendar: null, first_response_due: null, first_response_at: null, first_response_met: null, next_reply_due: null, next_reply_at: null, next_reply_met: null, resolution_due: null, resolved_at: null, resolution_met: null, paused: false, paused_minutes: 0, breaching_soon: false, breached: false },
};

beforeEach(async () => {
  await i18n.changeLanguage("en");
  Object.assign(commands, makeCommands(), {
    ticketsList: vi.fn(async (q: { search: string | null }) => ok(q.search ? [old] : [])),
  });
});

function renderPage() {
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={DEFAULT_SETTINGS} info={null}>
        <TicketsPage id={null} />
      </AppStateProvider>
    </ToastProvider>,
  );
}

describe("TicketsPage", () => {
  it("searches every ticket in the core: the box's text goes with the list query", async () => {
    renderPage();
    await waitFor(() => expect(commands.ticketsList).toHaveBeenCalledWith(expect.objectContaining({ search: null, limit: 500 })));
    fireEvent.change(screen.getByTestId("list-search"), { target: { value: " refund " } });
    await waitFor(() => expect(commands.ticketsList).toHaveBeenCalledWith(expect.objectContaining({ search: "refund" })));
    expect(await screen.findByText("Refund for an old order")).toBeTruthy();
  });

  it("loads older tickets a page at a time after the last one shown", async () => {
    const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ ...old, id: from - i, number: `T-${from - i}`, subject: `Ticket ${from - i}` }));
    commands.ticketsList = vi.fn(async (q: { after: number | null }) => ok(q.after === null ? page(1000, 500) : q.after === 501 ? page(500, 2) : []));
    renderPage();
    await waitFor(() => expect(screen.getAllByTestId("ticket-row")).toHaveLength(500), { timeout: 20_000 });
    fireEvent.click(screen.getByTestId("tickets-more"));
    await waitFor(() => expect(screen.getAllByTestId("ticket-row")).toHaveLength(502), { timeout: 20_000 });
    expect(commands.ticketsList).toHaveBeenCalledWith(expect.objectContaining({ after: 501, limit: 500 }));
    expect(screen.getByText("Ticket 499")).toBeTruthy();
    expect(screen.queryByTestId("tickets-more")).toBeNull();
  }, 30_000);
});
