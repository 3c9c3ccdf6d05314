// How an order's numbers read: quantities in thousandths, rates and discounts in basis points, in the
// reader's locale. Amounts stay minor units from the core (formatMoney).
import type { Order, OrderLine, VatRateTotal } from "../bindings";

/** 1500 thousandths as "1.5" ("1,5" in nl/de/da); whole numbers without decimals. */
export function formatQuantity(milli: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(milli / 1000);
}

/** 2100 basis points as "21%" ("21 %" in de/da), 550 as "5.5%". */
export function formatBp(bp: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bp / 10000);
}

/** The line's product: its SKU and description, or the free text alone. */
export function lineLabel(l: Pick<OrderLine, "sku" | "description">): string {
  return l.sku ? `${l.sku} · ${l.description}` : l.description;
}

/** The VAT rows of an order's totals (the core's sums per rate), leaving out rates without VAT. */
export function vatRows(o: Pick<Order, "vat_rates">): VatRateTotal[] {
  return o.vat_rates.filter((r) => r.vat_rate_bp !== 0 || r.vat_minor !== 0);
}
