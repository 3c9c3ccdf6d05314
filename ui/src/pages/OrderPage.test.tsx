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
import { ToastProvider } from "../components/Toast";
import i18n from "../i18n";
import { OrderPage } from "./OrderPage";

const line = (id: number, description: string, sku: string | null, quantity_milli: number, unit: number, discount_bp: number, vat_rate_bp: number, net: number, vat: number) => ({
  id, position: id, product_id: sku ? id : null, sku, description, quantity_milli, unit_price_minor: unit, discount_bp, vat_rate_bp,
  net_minor: net, vat_minor: vat, gross_minor: net + vat, cost_minor: null,
});
// 3 × 3.33 at 21 % and 1.5 × 1.99 at 9 %: the core's rounded lines and their sums per rate.
const order = {
  id: 4, number: "A-1", kind: "credit_note", status: "confirmed", person_id: 7, person_name: "Mette Holm", company_id: 2, company_name: "Holm ApS",
  original_order_id: 3, deal_id: null, ordered_at: 1, ordered_on: "2025-03-01", currency: "EUR", country: "NL",
  net_minor: 1298, vat_minor: 237, gross_minor: 1535, cost_minor: 0, note: "Left at the door", source: "manual", line_count: 2,
  lines: [line(1, "Pen", "PEN-1", 3000, 333, 0, 2100, 999, 210), line(2, "Ink, loose", null, 1500, 199, 1000, 900, 299, 27)],
  vat_rates: [{ vat_rate_bp: 900, net_minor: 299, vat_minor: 27 }, { vat_rate_bp: 2100, net_minor: 999, vat_minor: 210 }],
  created_at: 1, updated_at: 1,
};

/** Text with the no-break spaces Intl puts in amounts and percentages read as plain spaces. */
const plain = (s: string | null | undefined) => (s ?? "").replace(/[\u00a0\u202f]/g, " ");

async function renderIn(language: "en" | "nl" | "de" | "da") {
  await i18n.changeLanguage(language);
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={{ ...DEFAULT_SETTINGS, language }} info={null}>
        <FormsProvider>
          <OrderPage id={4} />
        </FormsProvider>
      </AppStateProvider>
    </ToastProvider>,
  );
  return screen.findByTestId("order-lines");
}

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    ordersGet: vi.fn(async (id: number) => ok(id === 4 ? order : { ...order, id: 3, number: "O-9", kind: "order", original_order_id: null })),
    ordersSetStatus: vi.fn(async (_id: number, status: string) => ok({ ...order, status })),
    ordersDelete: vi.fn(async () => ok(null)),
  });
});

describe("OrderPage", () => {
  it("shows the lines and the core's totals per VAT rate in Dutch", async () => {
    const table = await renderIn("nl");
    const rows = screen.getAllByTestId("order-line").map((r) => plain(r.textContent));
    expect(rows[0]).toContain("PEN-1 · Pen");
    expect(rows[0]).toContain("€ 3,33");
    expect(rows[0]).toContain("21%");
    expect(rows[1]).toContain("1,5");
    expect(rows[1]).toContain("10%");
    const totals = plain(screen.getByTestId("order-totals").textContent);
    expect(totals).toContain("Netto€ 12,98");
    expect(totals).toContain("Btw 9% over € 2,99€ 0,27");
    expect(totals).toContain("Btw 21% over € 9,99€ 2,10");
    expect(plain(screen.getByTestId("order-gross").textContent)).toBe("€ 15,35");
    expect(table.textContent).toContain("Stukprijs");
    const page = screen.getByTestId("order-detail").textContent ?? "";
    expect(page).toContain("Retour A-1");
    expect(page).toContain("Mette Holm");
    expect(page).toContain("Left at the door");
    // The original order of a return, linked by its number.
    await waitFor(() => expect(screen.getByRole("link", { name: "O-9" }).getAttribute("href")).toBe("#/orders/3"));
  });

  it("changes the status and moves the order to the trash with undo", async () => {
    await renderIn("en");
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "paid" } });
    await waitFor(() => expect(commands.ordersSetStatus).toHaveBeenCalledWith(4, "paid"));
    fireEvent.click(screen.getByTestId("order-delete"));
    await waitFor(() => expect(commands.ordersDelete).toHaveBeenCalledWith(4));
    expect(window.location.hash).toBe("#/people/7");
    fireEvent.click(await screen.findByRole("button", { name: "Undo" }));
    await waitFor(() => expect(commands.trashRestore).toHaveBeenCalledWith("order", 4));
  });

  it("has its words in German and Danish", async () => {
    await renderIn("de");
    expect(screen.getByTestId("order-detail").textContent).toContain("Positionssumme");
    expect(plain(screen.getByTestId("order-totals").textContent)).toContain("MwSt. 21 % auf 9,99 €");
  });
});
