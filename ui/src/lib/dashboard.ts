// Data shaping for the Dashboard page: chart series, table rows and CSV per chart, from the core's
// figures (the core computes every number; this only arranges them).
import type { Amount, ChartFormat, CurrencyRevenue, Dashboard, RevenueMonth } from "../bindings";
import { api } from "../api/client";

/** The currencies with order revenue or won deals, the largest net revenue first. */
export function revenueCurrencies(d: Dashboard): string[] {
  const byNet = (a: CurrencyRevenue, b: CurrencyRevenue) => b.net_minor - a.net_minor || a.currency.localeCompare(b.currency);
  return [...d.revenue.currencies].sort(byNet).map((c) => c.currency);
}

function amountIn(amounts: Amount[], currency: string): number {
  return amounts.find((a) => a.currency === currency)?.minor ?? 0;
}

export type RevenuePoint = { month: string; orders: number; wonDeals: number };

/** One point per month for one currency (minor units). */
export function revenueSeries(months: RevenueMonth[], currency: string): RevenuePoint[] {
  return months.map((m) => ({ month: m.month, orders: amountIn(m.orders, currency), wonDeals: amountIn(m.won_deals, currency) }));
}

/** True when there is nothing to chart: no orders, no deals, no people. */
export function isEmpty(d: Dashboard): boolean {
  const people = d.funnel.lifecycle.reduce((n, l) => n + l.people, 0);
  const deals = d.funnel.pipelines.some((p) => p.won_deals + p.lost_deals > 0 || p.stages.some((s) => s.reached > 0));
  return d.revenue.months.length === 0 && people === 0 && !deals;
}

/** A retention cell's shade, 0 (none) to 5 (everyone), for the heat map's class name. */
export function heatLevel(share: number): number {
  if (share <= 0) return 0;
  return Math.min(5, Math.max(1, Math.ceil(share * 5)));
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled; CRLF line ends. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** Minor units as a plain decimal for CSV (2 fraction digits unless the currency has others). */
export function minorCsv(minor: number, digits: number): string {
  return (minor / 10 ** digits).toFixed(digits);
}

/** Retention rows for the table and CSV: cohort, size, then the shares. */
export function retentionRows(d: Dashboard): (string | number | null)[][] {
  return d.retention.cohorts.map((c) => [c.cohort, c.size, ...c.retention]);
}

/** The longest retention row (the table's column count after cohort and size). */
export function retentionWidth(d: Dashboard): number {
  return d.retention.cohorts.reduce((n, c) => Math.max(n, c.retention.length), 0);
}

/** "2024-01" as the locale's short month and year ("jan. 2024"); a quarter ("2024-Q1") stays as it is. */
export function formatMonth(ym: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(ym);
  if (!m) return ym;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return new Intl.DateTimeFormat(locale, { month: "short", year: "numeric", timeZone: "UTC" }).format(date);
}

/** A ratio (0.25) as the locale's percentage ("25 %"); a dash when there is none. */
export function formatShare(share: number | null, locale: string): string {
  if (share === null) return "–";
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(share);
}

/**
 * Saves an export through the native save dialog (suggesting `name`) and the core's granted write: the
 * webview cannot write files itself, and an `<a download>` saves nothing the user can find in WebKitGTK.
 * `content` is CSV text or a PNG data URL. Resolves to the chosen path, or null when the dialog was cancelled.
 */
export async function saveExport(name: string, format: ChartFormat, content: string): Promise<string | null> {
  const path = await api.pickFile(format === "csv" ? "save_chart_csv" : "save_chart_png", name);
  if (!path) return null;
  await api.chartExportSave(path, format, content);
  return path;
}
