import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AnalyticsFilter, Period } from "../bindings";
import { api } from "../api/client";
import { EmptyState, Skeleton } from "../components/EmptyState";
import { useQuery } from "../hooks/useQuery";
import { isEmpty } from "../lib/dashboard";
import { ChurnCard, ClvCard, FunnelCard, RetentionCard } from "./DashboardFigures";
import { RevenueCard } from "./DashboardRevenue";

/** The analytics dashboard: funnel, revenue, churn, cohort retention and customer value for one filter. */
export function DashboardPage() {
  const { t } = useTranslation();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [owner, setOwner] = useState("");
  const [period, setPeriod] = useState<Period>("month");
  const filter: AnalyticsFilter = { from: from || null, to: to || null, owner: owner.trim() || null, pipeline_id: null };
  const key = JSON.stringify([filter, period]);
  const dash = useQuery(() => api.analyticsDashboard(filter, period), key, ["person", "company", "deal", "order"]);
  const data = dash.data;

  return (
    <section className="page dashboard-page" data-testid="dashboard-page">
      <header className="page-header">
        <div>
          <h1>{t("nav.dashboard")}</h1>
          <p className="page-subtitle">{t("dashboard.subtitle")}</p>
        </div>
      </header>
      <div className="dash-filters" role="group" aria-label={t("dashboard.filters")}>
        <label className="field">
          <span className="field-label">{t("dashboard.from")}</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="dash-from" />
        </label>
        <label className="field">
          <span className="field-label">{t("dashboard.to")}</span>
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="dash-to" />
        </label>
        <label className="field">
          <span className="field-label">{t("dashboard.owner")}</span>
          <input type="text" value={owner} onChange={(e) => setOwner(e.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t("dashboard.cohortPeriod")}</span>
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
            <option value="month">{t("dashboard.byMonth")}</option>
            <option value="quarter">{t("dashboard.byQuarter")}</option>
          </select>
        </label>
      </div>
      {dash.error && <p className="field-error" role="alert">{dash.error.message}</p>}
      {!data && dash.loading && <Skeleton lines={6} />}
      {data && isEmpty(data) && (
        <EmptyState icon="deals" title={t("dashboard.emptyTitle")} hint={t("dashboard.emptyHint")} action={<a className="button button-primary" href="#/import">{t("dashboard.importOrders")}</a>} />
      )}
      {data && !isEmpty(data) && (
        <div className="dash-grid">
          <RevenueCard data={data} />
          <FunnelCard data={data} />
          <ChurnCard data={data} />
          <RetentionCard data={data} />
          <ClvCard data={data} />
        </div>
      )}
    </section>
  );
}
