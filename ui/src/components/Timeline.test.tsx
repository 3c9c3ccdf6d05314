import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()),
  commands,
  events: { dataChanged: { listen: vi.fn(async () => () => undefined) }, reminderFired: { listen: vi.fn(async () => () => undefined) } },
}));

import { DEFAULT_SETTINGS } from "../api/types";
import { AppStateProvider } from "../app/AppState";
import { FormsProvider } from "../app/Forms";
import type { Activity } from "../bindings";
import i18n from "../i18n";
import { Timeline } from "./Timeline";
import { ToastProvider } from "./Toast";

const now = Date.now();
function activity(id: number, extra: Partial<Activity>): Activity {
  return {
    id, kind: "note", direction: null, subject: "", body: null, occurred_at: now - 60_000, duration_secs: null,
    person_id: 3, person_name: "Ada Lead", company_id: null, company_name: null, deal_id: null, deal_title: null,
    created_at: now, updated_at: now, system_event: null, call: null, order: null, ...extra,
  };
}

// The app's own note stores only the name as text, and what happened as a typed event.
const hot = activity(1, { subject: "Ada Lead", system_event: { kind: "lead_hot", person: "Ada Lead", score: 81, band: "hot" } });
const mine = activity(2, { subject: "Called <b>Ada</b>", body: "She wants an offer" });

async function renderIn(language: "de" | "da" | "en") {
  await i18n.changeLanguage(language);
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={{ ...DEFAULT_SETTINGS, language }} info={null}>
        <FormsProvider>
          <Timeline target={{ person_id: 3, company_id: null, deal_id: null }} except="person" />
        </FormsProvider>
      </AppStateProvider>
    </ToastProvider>,
  );
  await waitFor(() => expect(screen.getAllByTestId("timeline-item")).toHaveLength(2));
  return screen.getAllByTestId("timeline-item").map((li) => li.textContent ?? "");
}

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    activitiesTimeline: vi.fn(async () => ok({ items: [hot, mine], total: 2, next_cursor: null })),
  });
});

describe("Timeline", () => {
  it("renders the app's hot-lead note in German from its typed event", async () => {
    const [note, own] = await renderIn("de");
    expect(note).toContain("Lead ist heiß geworden");
    expect(note).toContain("Lead-Score 81 (Heiß): Für Ada Lead wurde eine Follow-up-Aufgabe angelegt.");
    expect(own).toContain("Called <b>Ada</b>");
    expect(own).toContain("She wants an offer");
  });

  it("renders it in Danish too, with no English in it", async () => {
    const [note] = await renderIn("da");
    expect(note).toContain("Lead er blevet varm");
    expect(note).toContain("Leadscore 81 (Varm): der er oprettet en opfølgningsopgave for Ada Lead.");
    expect(note).not.toMatch(/became hot|follow-up task was created/);
  });
});

describe("Timeline orders", () => {
  it("shows an order and a return with their number linked, total in their currency and status", async () => {
    const bought = activity(5, { kind: "order", subject: "A-1", occurred_at: now - 3_600_000,
      order: { kind: "order", status: "paid", currency: "EUR", net_minor: 123_456, gross_minor: 149_382 } });
    const returned = activity(5, { kind: "order", subject: "C-1", order: { kind: "credit_note", status: "confirmed", currency: "DKK", net_minor: -2000, gross_minor: -2500 } });
    commands.activitiesTimeline = vi.fn(async () => ok({ items: [returned, bought], total: 2, next_cursor: null }));
    const [ret, order] = (await renderIn("de")).map((s) => s.replace(/[\u00a0\u202f]/g, " "));
    expect(order).toContain("Bestellung");
    expect(order).toContain("Bezahlt");
    expect(order).toContain("1.493,82 €");
    expect(ret).toContain("Retoure");
    expect(ret).toMatch(/-25,00 DKK/);
    const links = screen.getAllByTestId("timeline-order-link");
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["#/orders/5", "#/orders/5"]);
    // No edit or delete buttons of an activity on an order.
    expect(screen.queryAllByRole("button", { name: "Bearbeiten" })).toHaveLength(0);
    // The kind chips offer orders.
    fireEvent.click(screen.getByRole("button", { name: "Bestellung" }));
    await waitFor(() => expect(commands.activitiesTimeline).toHaveBeenLastCalledWith(expect.objectContaining({ kinds: ["order"] })));
  });
});

