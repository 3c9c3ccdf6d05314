import { useTranslation } from "react-i18next";
import type { ConversionRow, Dashboard } from "../bindings";
import { BarChart, themeColour } from "../components/BarChart";
import { useLocale } from "../i18n";
import { formatShare } from "../lib/dashboard";
import { Figure, FigureCard } from "./DashboardCard";

/** Leads per source, per segment (pinned first, at most 20) and per campaign, how many became customers or
 * won a deal, and the rate. */
export function ConversionCard({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const num = new Intl.NumberFormat(locale);
  const { by_source, by_segment, by_campaign } = data.conversion;
  const sourceName = (r: ConversionRow) => r.key || t("dashboard.noSource");
  const columns = (first: string) => [
    { label: first },
    { label: t("dashboard.leads"), num: true },
    { label: t("dashboard.becameCustomers"), num: true },
    { label: t("dashboard.wonDealPeople"), num: true },
    { label: t("dashboard.conversionRate"), num: true },
  ];
  const cells = (name: string, r: ConversionRow) => [name, num.format(r.leads), num.format(r.customers), num.format(r.won), formatShare(r.rate, locale)];
  const tables = [
    { columns: columns(t("dashboard.source")), rows: by_source.map((r) => ({ key: `s-${r.key}`, cells: cells(sourceName(r), r) })) },
    ...(by_segment.length
      ? [{ columns: columns(t("dashboard.bySegment")), rows: by_segment.map((r) => ({ key: `g-${r.segment_id}`, cells: cells(r.key, r) })) }]
      : []),
    ...(by_campaign.length
      ? [{ columns: columns(t("dashboard.campaign")), rows: by_campaign.map((r) => ({ key: `c-${r.campaign_id}`, cells: cells(r.key, r) })) }]
      : []),
  ];
  const leads = by_source.reduce((n, r) => n + r.leads, 0);
  const customers = by_source.reduce((n, r) => n + r.customers, 0);
  const chart = by_source.length ? (
    <div className="dash-chart" role="img" aria-label={t("dashboard.conversionChart")}>
      <BarChart
        testId="conversion-chart"
        counts
        labels={by_source.map(sourceName)}
        formatValue={(v) => num.format(v)}
        series={[
          { label: t("dashboard.leads"), values: by_source.map((r) => r.leads), colour: themeColour("--accent", "#4f46e5") },
          { label: t("dashboard.becameCustomers"), values: by_source.map((r) => r.customers), colour: themeColour("--success-fg", "#15703d") },
        ]}
      />
    </div>
  ) : undefined;
  const figures = (
    <>
      <Figure label={t("dashboard.leads")} value={num.format(leads)} />
      <Figure label={t("dashboard.conversionRate")} value={formatShare(leads ? customers / leads : null, locale)} />
    </>
  );
  const row = (kind: string, name: string, r: ConversionRow) => [kind, name, r.leads, r.customers, r.won, r.rate];
  const csv = {
    name: "conversion.csv",
    header: ["by", "name", "leads", "customers", "won", "rate"],
    rows: [
      ...by_source.map((r) => row("source", r.key, r)),
      ...by_segment.map((r) => row("segment", r.key, r)),
      ...by_campaign.map((r) => row("campaign", r.key, r)),
    ],
  };
  return <FigureCard testId="dash-conversion" title={t("dashboard.conversionTitle")} figures={figures} csv={csv} chart={chart} tables={tables} />;
}
