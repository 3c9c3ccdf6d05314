import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { emptyPage, makeCommands, ok } from "../test/mockBindings";

// Every command a person page may call answers with an empty result unless the test sets it.
const commands = vi.hoisted(
  () =>
    new Proxy({} as Record<string, ReturnType<typeof vi.fn>>, {
      get: (target, name: string) => (target[name] ??= vi.fn(async () => ({ status: "ok", data: [] }))),
    }),
);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()),
  commands,
  events: { dataChanged: { listen: vi.fn(async () => () => undefined) }, reminderFired: { listen: vi.fn(async () => () => undefined) } },
}));

import { DEFAULT_SETTINGS } from "../api/types";
import { AppStateProvider } from "../app/AppState";
import { FormsProvider } from "../app/Forms";
import { ToastProvider } from "../components/Toast";
import i18n from "../i18n";
import { PersonPage } from "./PersonPage";

const mette = {
  id: 7, first_name: "Mette", last_name: "Holm", display_name: "Mette Holm", emails: [{ value: "mette@example.dk", label: "work" }, { value: "old@example.dk", label: "home" }],
  phones: [], socials: [], address: { street: null, postal_code: null, city: null, region: null, country: null }, company_id: null, company_name: null, job_title: null, owner: null, source: null, preferred_channel: null,
  language: "da", tags: [], lifecycle: "customer", lead_status: null, custom: {}, created_at: 1, updated_at: 1,
};

beforeEach(async () => {
  await i18n.changeLanguage("en");
  Object.assign(commands, makeCommands(), {
    peopleGet: vi.fn(async () => ok(mette)),
    activitiesTimeline: vi.fn(async () => emptyPage()),
    tasksList: vi.fn(async () => emptyPage()),
    dealsList: vi.fn(async () => emptyPage()),
    consentList: vi.fn(async () => ok({ current: [], history: [] })),
    mailBouncesForPerson: vi.fn(async () => ok([{ address: "old@example.dk", status: "5.1.1", bounced_at: 1 }])),
    mailAccountsList: vi.fn(async () => ok([{ id: 1, address: "sales@relata.test", display_name: "" }])),
  });
});

function renderPage(language: string) {
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={{ ...DEFAULT_SETTINGS, language }} info={null}>
        <FormsProvider>
          <PersonPage id={7} />
        </FormsProvider>
      </AppStateProvider>
    </ToastProvider>,
  );
}

describe("PersonPage mail", () => {
  it("marks the bouncing address and opens the compose dialog with M", async () => {
    renderPage("en");
    const mark = await screen.findByTestId("bounce-mark");
    expect(mark.parentElement!.textContent).toContain("old@example.dk");
    expect(mark.textContent).toBe("bounces");
    expect(screen.getAllByTestId("bounce-mark")).toHaveLength(1);
    expect(commands.mailBouncesForPerson).toHaveBeenCalledWith(7);
    // The outbox panel loads on its own, possibly after the bounce mark shows (under load it did: CI run 9).
    await waitFor(() => expect(commands.outboxForPerson).toHaveBeenCalledWith(7));
    await waitFor(() => expect((screen.getByTestId("send-email") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.keyDown(window, { key: "m" });
    expect((await screen.findByTestId("compose-mail")).textContent).toContain("Email to Mette Holm");
    expect(screen.getByRole("option", { name: "old@example.dk (bounces)" })).toBeTruthy();
  });
});

describe("PersonPage phones", () => {
  it("flags a number that was kept as typed, in the user's language", async () => {
    const phones = [{ value: "+4520123456", label: "mobile" }, { value: "12 34", label: "work" }];
    commands.peopleGet = vi.fn(async () => ok({ ...mette, phones, unparsed_phones: ["12 34"] }));
    await i18n.changeLanguage("de");
    renderPage("de");
    const flags = await screen.findAllByTestId("phone-unparsed");
    expect(flags).toHaveLength(1);
    expect(flags[0].parentElement!.textContent).toContain("12 34");
    expect(flags[0].textContent).toBe("Keine gültige Nummer: wie eingegeben gespeichert");
  });
});

describe("PersonPage suggestions", () => {
  it("lists what enrichment proposes in the user's language and fills empty fields on request", async () => {
    commands.enrichPerson = vi.fn(async () =>
      ok({
        person_id: 7,
        proposals: [
          { field: "last_name", value: "de Vries", source: "local_part", confidence: 0.9 },
          { field: "company_id", value: "3", source: "company_domain", confidence: 0.95 },
          { field: "free_mail", value: "false", source: "free_mail_list", confidence: 1 },
        ],
        filled: [{ field: "country", value: "NL", source: "cctld", confidence: 0.7, applied_at: 1 }],
      }),
    );
    commands.enrichApply = vi.fn(async () => ok({ person_id: 7, proposals: [], filled: [] }));
    await i18n.changeLanguage("nl");
    renderPage("nl");
    const table = await screen.findByTestId("enrich-proposals");
    expect(table.textContent).toContain("Achternaam");
    expect(table.textContent).toContain("de Vries");
    expect(table.textContent).toContain("uit het adres");
    expect(table.textContent).toContain("nee");
    expect(table.textContent).not.toContain("company_id");
    expect(screen.getByTestId("enrich-filled").textContent).toContain("Land");
    fireEvent.click(screen.getByTestId("enrich-apply"));
    await waitFor(() => expect(commands.enrichApply).toHaveBeenCalledWith(7));
    expect(await screen.findByText("Lege velden ingevuld")).toBeTruthy();
  });
});

describe("PersonPage suggestions on a complete record", () => {
  it("stays hidden when nothing could be filled in or taken back", async () => {
    commands.enrichPerson = vi.fn(async () =>
      ok({ person_id: 7, proposals: [{ field: "last_name", value: "Holm", source: "local_part", confidence: 0.9 }], filled: [] }),
    );
    renderPage("en");
    await screen.findByTestId("bounce-mark");
    await waitFor(() => expect(commands.enrichPerson).toHaveBeenCalledWith(7));
    expect(screen.queryByTestId("enrich-proposals")).toBeNull();
  });
});

describe("PersonPage purchases", () => {
  it("shows what the person spent, their order count and recent orders, returns marked", async () => {
    const order = { id: 1, number: "INV-1", kind: "order", status: "confirmed", person_id: 7, person_name: "Mette Holm", company_id: null, company_name: null,
      original_order_id: null, deal_id: null, ordered_at: 1, ordered_on: "2025-03-01", currency: "EUR", country: "DK", net_minor: 10000, vat_minor: 2500,
      gross_minor: 12500, cost_minor: 0, note: null, source: "manual", line_count: 1, lines: [], created_at: 1, updated_at: 1 };
    const back = { ...order, id: 2, number: "CN-1", kind: "credit_note", ordered_on: "2025-03-05", net_minor: -2000, vat_minor: -500, gross_minor: -2500 };
    commands.ordersList = vi.fn(async () => ok([back, order]));
    commands.ordersSummary = vi.fn(async () => ok({ totals: [{ currency: "EUR", net_minor: 8000, gross_minor: 10000 }], order_count: 1, last_ordered_on: "2025-03-01" }));
    renderPage("en");
    const panel = await screen.findByTestId("purchase-totals");
    expect(panel.textContent).toContain("€100.00");
    const purchases = screen.getByTestId("purchases");
    expect(purchases.textContent).toContain("1 order");
    expect(purchases.textContent).toContain("INV-1");
    expect(purchases.textContent).toContain("Return");
    expect(commands.ordersSummary).toHaveBeenCalledWith(7, null);
  });
});

describe("PersonPage suggestions", () => {
  it("words each suggestion's reason in the user's language", async () => {
    const a = { product_id: 1, sku: "A-1", name: "Apple box" };
    const b = { product_id: 2, sku: "B-2", name: "Bread tin" };
    commands.upsellSuggest = vi.fn(async () =>
      ok([
        { product_id: 3, sku: "C-3", name: "Cake stand", score: 0.4, reason: { anchors: [a, b], co_buyers: 34, buyers: 50 } },
        { product_id: 4, sku: "D-4", name: "Dish rack", score: 0.1, reason: { anchors: [], co_buyers: 0, buyers: 1200 } },
      ]),
    );
    await i18n.changeLanguage("nl");
    renderPage("nl");
    const panel = await screen.findByTestId("suggestions");
    await waitFor(() =>
      expect(panel.textContent).toContain("Kocht Apple box en Bread tin; 34 klanten die Apple box kochten, kochten ook dit"),
    );
    expect(panel.textContent).toContain("Cake stand");
    expect(panel.textContent).toContain("Bestseller: gekocht door 1.200 klanten");
    expect(commands.upsellSuggest).toHaveBeenCalledWith(7, 5);
  });

  it("says so when the person has no purchases", async () => {
    commands.upsellSuggest = vi.fn(async () => ok([]));
    renderPage("en");
    const panel = await screen.findByTestId("suggestions");
    await waitFor(() => expect(panel.textContent).toContain("No suggestions yet"));
  });
});
