// The campaign report as a chart: members through to won deals as bars, with the dashboard's card (a table
// view, CSV and PNG export through the save dialog).
import { useTranslation } from "react-i18next";
import type { CampaignReport } from "../bindings";
import { BarChart, themeColour } from "../components/BarChart";
import { minorCsv } from "../lib/dashboard";
import { currencyDigits } from "../lib/money";
import { Figure, FigureCard } from "./DashboardCard";

/** The counted steps, in funnel order (keys of `campaigns.figures`). */
const STEPS = ["members", "sent", "replied", "converted", "leads", "wonDeals"] as const;

function value(r: CampaignReport, step: (typeof STEPS)[number]): number {
  const v = { members: r.members, sent: r.sent, replied: r.replied, converted: r.converted, leads: r.leads, wonDeals: r.won_deals }[step];
  return v ?? 0;
}

/** `name` names the CSV file; `money` formats minor units in the campaign's currency. */
export function CampaignChart({ report: r, name, money, locale }: { report: CampaignReport; name: string; money: (m: number | null) => string; locale: string }) {
  const { t } = useTranslation();
  const labels = STEPS.map((s) => t(`campaigns.figures.${s}`));
  const values = STEPS.map((s) => value(r, s));
  const num = (n: number) => n.toLocaleString(locale, { maximumFractionDigits: 2 });
  const digits = currencyDigits(r.currency);
  const csvRows: (string | number | null)[][] = [
    ...STEPS.map((s, i) => [s, values[i]]),
    ["revenue", minorCsv(r.revenue_minor, digits)],
    ["cost", minorCsv(r.cost_minor, digits)],
    ["return_on_spend", r.return_on_spend],
  ];
  return (
    <FigureCard
      testId="campaign-chart"
      title={t("campaigns.chartTitle")}
      figures={
        <>
          <Figure label={t("campaigns.figures.revenue")} value={money(r.revenue_minor)} />
          <Figure label={t("campaigns.figures.cost")} value={money(r.cost_minor)} />
        </>
      }
      csv={{ name: `${name}.csv`, header: ["figure", `value (${r.currency})`], rows: csvRows }}
      chart={<BarChart labels={labels} series={[{ label: t("campaigns.chartTitle"), values, colour: themeColour("--accent", "#4f46e5") }]} formatValue={num} counts />}
      tables={[{ columns: [{ label: t("campaigns.chartStep") }, { label: t("campaigns.chartCount"), num: true }], rows: STEPS.map((s, i) => ({ key: s, head: labels[i], cells: [num(values[i])] })) }]}
    />
  );
}
