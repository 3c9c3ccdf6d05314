import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Period } from "../bindings";
import { api } from "../api/client";
import { EmptyState, Skeleton } from "../components/EmptyState";
import { useQuery } from "../hooks/useQuery";
import { isEmpty } from "../lib/dashboard";
import { ChurnCard, ClvCard, FunnelCard, RetentionCard } from "./DashboardFigures";
import { ConversionCard } from "./DashboardConversion";
import { DashboardFilters, NO_FILTERS, toFilter, type FilterState } from "./DashboardFilters";
import { RevenueCard } from "./DashboardRevenue";

/** The analytics dashboard: funnel, revenue, churn, cohort retention and customer value for one filter. */
export function DashboardPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<FilterState>(NO_FILTERS);
  const [period, setPeriod] = useState<Period>("month");
  const filter = toFilter(filters);
  const key = JSON.stringify([filter, period]);
  const dash = useQuery(() => api.analyticsDashboard(filter, period), key, ["person", "company", "deal", "order", "segment"]);
  const data = dash.data;
  // With a filter set, no figures means nothing matched it, not that the store has no data yet.
  const filtered = Object.values(filters).some((v) => v !== "");

  return (
    <section className="page dashboard-page" data-testid="dashboard-page">
      <header className="page-header">
        <div>
          <h1>{t("nav.dashboard")}</h1>
          <p className="page-subtitle">{t("dashboard.subtitle")}</p>
        </div>
      </header>
      <DashboardFilters value={filters} onChange={setFilters} period={period} onPeriod={setPeriod} />
      {dash.error && <p className="field-error" role="alert">{dash.error.message}</p>}
      {!data && dash.loading && <Skeleton lines={6} />}
      {data && isEmpty(data) && !filtered && (
        <EmptyState icon="deals" title={t("dashboard.emptyTitle")} hint={t("dashboard.emptyHint")} action={<a className="button button-primary" href="#/import">{t("dashboard.importOrders")}</a>} />
      )}
      {data && isEmpty(data) && filtered && (
        <EmptyState
          icon="deals"
          title={t("dashboard.noMatch")}
          hint={t("common.noMatchHint")}
          action={
            <button type="button" className="button" data-testid="dash-clear-filters" onClick={() => setFilters(NO_FILTERS)}>
              {t("dashboard.clearFilters")}
            </button>
          }
        />
      )}
      {data && !isEmpty(data) && (
        <div className="dash-grid">
          <RevenueCard data={data} />
          <FunnelCard data={data} />
          <ChurnCard data={data} />
          <RetentionCard data={data} />
          <ClvCard data={data} />
          <ConversionCard data={data} />
        </div>
      )}
    </section>
  );
}
