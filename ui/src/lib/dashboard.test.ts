import { describe, expect, it } from "vitest";
import type { Dashboard } from "../bindings";
import { heatLevel, isEmpty, minorCsv, retentionRows, retentionWidth, revenueCurrencies, revenueSeries, toCsv } from "./dashboard";

const empty: Dashboard = {
  funnel: { lifecycle: [{ stage: "lead", people: 0, share: null }], pipelines: [] },
  revenue: { months: [], currencies: [] },
  churn: { from: "2025-01-01", to: "2025-12-31", inactivity_days: 365, customers_at_start: 0, customers_lost: 0, marked_churned: 0, churn_rate: null, currencies: [] },
  retention: { cohorts: [] },
  clv: { currencies: [] },
  conversion: { by_source: [], by_segment: [], by_campaign: [] },
};

const currency = (code: string, net: number) => ({
  currency: code,
  net_minor: net,
  anonymous_minor: 0,
  cost_minor: 0,
  gross_margin: null,
  customers: 1,
  average_per_customer_minor: net,
  won_deals_minor: 0,
});

describe("dashboard data shaping", () => {
  it("charts one currency per month, with zero where a month has none", () => {
    const months = [
      { month: "2024-01", orders: [{ currency: "EUR", minor: 18000 }], returns: [], won_deals: [] },
      { month: "2024-02", orders: [{ currency: "DKK", minor: 50000 }], returns: [], won_deals: [{ currency: "EUR", minor: 700 }] },
    ];
    expect(revenueSeries(months, "EUR")).toEqual([
      { month: "2024-01", orders: 18000, wonDeals: 0 },
      { month: "2024-02", orders: 0, wonDeals: 700 },
    ]);
    const d = { ...empty, revenue: { months, currencies: [currency("EUR", 100), currency("DKK", 500)] } };
    expect(revenueCurrencies(d)).toEqual(["DKK", "EUR"]);
    expect(isEmpty(d)).toBe(false);
    expect(isEmpty(empty)).toBe(true);
  });

  it("writes CSV with quoting and retention rows of every width", () => {
    expect(toCsv(["name", "n"], [["Ann, \"A\"", 1], ["Bob", null]])).toBe('name,n\r\n"Ann, ""A""",1\r\nBob,\r\n');
    expect(minorCsv(-2050, 2)).toBe("-20.50");
    const d = { ...empty, retention: { cohorts: [{ cohort: "2024-01", size: 2, retention: [1, 0.5] }, { cohort: "2024-02", size: 1, retention: [1] }] } };
    expect(retentionRows(d)).toEqual([["2024-01", 2, 1, 0.5], ["2024-02", 1, 1]]);
    expect(retentionWidth(d)).toBe(2);
    expect([0, 0.01, 0.2, 0.21, 1].map(heatLevel)).toEqual([0, 1, 1, 2, 5]);
  });
});
