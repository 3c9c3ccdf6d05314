import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Dashboard } from "../bindings";
import { BarChart, themeColour } from "../components/BarChart";
import { useLocale } from "../i18n";
import { formatMonth, formatShare, minorCsv, revenueCurrencies, revenueSeries } from "../lib/dashboard";
import { currencyDigits, formatMoney } from "../lib/money";
import { Figure, FigureCard } from "./DashboardCard";

/** Revenue per month (orders and won deals) in one currency at a time, with its totals beside it. */
export function RevenueCard({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const currencies = revenueCurrencies(data);
  const [picked, setPicked] = useState<string | null>(null);
  const currency = picked && currencies.includes(picked) ? picked : (currencies[0] ?? "EUR");
  const totals = data.revenue.currencies.find((c) => c.currency === currency);
  const series = revenueSeries(data.revenue.months, currency);
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const digits = currencyDigits(currency);
  const table = {
    columns: [{ label: t("dashboard.month") }, { label: t("dashboard.orders"), num: true }, { label: t("dashboard.wonDeals"), num: true }],
    rows: series.map((p) => ({ key: p.month, cells: [formatMonth(p.month, locale), money(p.orders), money(p.wonDeals)] })),
  };
  const chart = (
    <div className="dash-chart" role="img" aria-label={t("dashboard.revenueChart", { currency })}>
      <BarChart
        testId="revenue-chart"
        labels={series.map((p) => formatMonth(p.month, locale))}
        formatValue={money}
        series={[
          { label: t("dashboard.orders"), values: series.map((p) => p.orders), colour: themeColour("--accent", "#4f46e5") },
          { label: t("dashboard.wonDeals"), values: series.map((p) => p.wonDeals), colour: themeColour("--success-fg", "#15703d") },
        ]}
      />
    </div>
  );
  const figures = (
    <>
      {currencies.length > 1 && (
        <label className="field">
          <span className="field-label">{t("dashboard.currency")}</span>
          <select value={currency} onChange={(e) => setPicked(e.target.value)}>
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      )}
      <Figure label={t("dashboard.netRevenue")} value={money(totals?.net_minor ?? 0)} />
      <Figure label={t("dashboard.averagePerCustomer")} value={totals?.average_per_customer_minor == null ? "–" : money(totals.average_per_customer_minor)} />
      <Figure label={t("dashboard.grossMargin")} value={formatShare(totals?.gross_margin ?? null, locale)} />
      <Figure label={t("dashboard.wonDeals")} value={money(totals?.won_deals_minor ?? 0)} />
    </>
  );
  const csv = {
    name: `revenue-${currency}.csv`,
    header: ["month", "currency", "orders", "won_deals"],
    rows: series.map((p) => [p.month, currency, minorCsv(p.orders, digits), minorCsv(p.wonDeals, digits)]),
  };
  return <FigureCard testId="dash-revenue" title={t("dashboard.revenue")} figures={figures} csv={csv} chart={chart} tables={[table]} />;
}
