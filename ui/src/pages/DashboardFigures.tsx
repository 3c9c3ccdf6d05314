import { useTranslation } from "react-i18next";
import type { Dashboard } from "../bindings";
import { useLocale } from "../i18n";
import { formatShare, heatLevel, minorCsv, retentionRows, retentionWidth } from "../lib/dashboard";
import { currencyDigits, formatMoney } from "../lib/money";
import { Figure, FigureCard } from "./DashboardCard";

/** People per lifecycle stage, and per pipeline the deals that reached each stage and the conversion on. */
export function FunnelCard({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const num = new Intl.NumberFormat(locale);
  const rows = data.funnel.pipelines.flatMap((p) => p.stages.map((s) => ({ p, s })));
  const tables = [
    {
      columns: [{ label: t("dashboard.lifecycleStage") }, { label: t("dashboard.people"), num: true }, { label: t("dashboard.share"), num: true }],
      rows: data.funnel.lifecycle.map((l) => ({
        key: l.stage,
        cells: [
          t(`lifecycle.${l.stage}`),
          num.format(l.people),
          <>
            <span className="dash-share-bar" data-level={heatLevel(l.share ?? 0)} />
            {formatShare(l.share, locale)}
          </>,
        ],
      })),
    },
    {
      columns: [
        { label: t("dashboard.pipelineStage") },
        { label: t("dashboard.reached"), num: true },
        { label: t("dashboard.conversion"), num: true },
        { label: t("dashboard.openDeals"), num: true },
      ],
      rows: rows.map(({ p, s }) => ({
        key: String(s.stage_id),
        cells: [`${p.name} · ${s.name}`, num.format(s.reached), formatShare(s.conversion, locale), num.format(s.open_deals)],
      })),
    },
  ];
  const figures = data.funnel.pipelines.map((p) => (
    <div key={p.pipeline_id} className="dash-figure-group">
      <Figure label={t("dashboard.winRate", { pipeline: p.name })} value={formatShare(p.win_rate, locale)} />
      {p.weighted_forecast.map((a) => (
        <Figure key={a.currency} label={t("dashboard.forecast", { pipeline: p.name })} value={formatMoney(a.minor, a.currency, locale)} />
      ))}
    </div>
  ));
  const csv = {
    name: "funnel.csv",
    header: ["pipeline", "stage", "reached", "conversion", "open_deals"],
    rows: rows.map(({ p, s }) => [p.name, s.name, s.reached, s.conversion, s.open_deals]),
  };
  return <FigureCard testId="dash-funnel" title={t("dashboard.funnel")} figures={figures} csv={csv} tables={tables} />;
}

/** Customers lost in the period ÷ customers at its start, and revenue churn per currency. */
export function ChurnCard({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const c = data.churn;
  const num = new Intl.NumberFormat(locale);
  const table = {
    columns: [
      { label: t("dashboard.currency") },
      { label: t("dashboard.startRevenue"), num: true },
      { label: t("dashboard.lostRevenue"), num: true },
      { label: t("dashboard.revenueChurn"), num: true },
    ],
    rows: c.currencies.map((m) => ({
      key: m.currency,
      cells: [m.currency, formatMoney(m.start_revenue_minor, m.currency, locale), formatMoney(m.lost_revenue_minor, m.currency, locale), formatShare(m.revenue_churn, locale)],
    })),
  };
  const figures = (
    <>
      <Figure label={t("dashboard.churnRate")} value={formatShare(c.churn_rate, locale)} />
      <Figure label={t("dashboard.lostOfStart")} value={`${num.format(c.customers_lost)} / ${num.format(c.customers_at_start)}`} />
      <p className="dash-note">{t("dashboard.churnWindow", { count: c.inactivity_days })}</p>
    </>
  );
  const csv = {
    name: "churn.csv",
    header: ["from", "to", "customers_at_start", "customers_lost", "churn_rate", "currency", "start_revenue", "lost_revenue", "revenue_churn"],
    rows: c.currencies.map((m) => {
      const d = currencyDigits(m.currency);
      return [c.from, c.to, c.customers_at_start, c.customers_lost, c.churn_rate, m.currency, minorCsv(m.start_revenue_minor, d), minorCsv(m.lost_revenue_minor, d), m.revenue_churn];
    }),
  };
  return <FigureCard testId="dash-churn" title={t("dashboard.churn")} figures={figures} csv={csv} tables={[table]} />;
}

/** The cohort heat map: one row per cohort, the share still ordering N periods later (text in every cell). */
export function RetentionCard({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const width = retentionWidth(data);
  const table = {
    heat: true,
    columns: [
      { label: t("dashboard.cohort") },
      { label: t("dashboard.customers"), num: true },
      ...Array.from({ length: width }, (_, n) => ({ label: n, num: true })),
    ],
    rows: data.retention.cohorts.map((c) => ({
      key: c.cohort,
      head: c.cohort,
      cells: [new Intl.NumberFormat(locale).format(c.size), ...c.retention.map((share) => formatShare(share, locale))],
      levels: [null, ...c.retention.map((share) => heatLevel(share ?? 0))],
    })),
  };
  const csv = { name: "retention.csv", header: ["cohort", "size", ...Array.from({ length: width }, (_, n) => String(n))], rows: retentionRows(data) };
  const figures = <p className="dash-note">{t("dashboard.retentionHint")}</p>;
  return <FigureCard testId="dash-retention" title={t("dashboard.retention")} figures={figures} csv={csv} tables={[table]} />;
}

/** Profit per customer: the top and bottom customers per currency. */
export function ClvCard({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows = data.clv.currencies.flatMap((c) => [
    ...c.top.map((v) => ({ c, v, rank: "top" as const })),
    ...c.bottom.map((v) => ({ c, v, rank: "bottom" as const })),
  ]);
  const table = {
    columns: [{ label: t("dashboard.customer") }, { label: t("dashboard.rank") }, { label: t("dashboard.revenue"), num: true }, { label: t("dashboard.profit"), num: true }],
    rows: rows.map(({ c, v, rank }, i) => ({
      key: `${c.currency}-${rank}-${i}`,
      cells: [
        v.person_id ? <a href={`#/people/${v.person_id}`}>{v.name}</a> : v.company_id ? <a href={`#/companies/${v.company_id}`}>{v.name}</a> : v.name,
        t(`dashboard.${rank}`),
        formatMoney(v.revenue_minor, c.currency, locale),
        formatMoney(v.profit_minor, c.currency, locale),
      ],
    })),
  };
  const figures = data.clv.currencies.map((c) => (
    <Figure key={c.currency} label={t("dashboard.averageProfit", { currency: c.currency })} value={formatMoney(c.average_profit_minor, c.currency, locale)} />
  ));
  const csv = {
    name: "customer-value.csv",
    header: ["currency", "rank", "customer", "orders", "revenue", "cost", "profit"],
    rows: rows.map(({ c, v, rank }) => {
      const d = currencyDigits(c.currency);
      return [c.currency, rank, v.name, v.orders, minorCsv(v.revenue_minor, d), minorCsv(v.cost_minor, d), minorCsv(v.profit_minor, d)];
    }),
  };
  return <FigureCard testId="dash-clv" title={t("dashboard.clv")} figures={figures} csv={csv} tables={[table]} />;
}
