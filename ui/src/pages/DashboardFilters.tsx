import { useTranslation } from "react-i18next";
import type { AnalyticsFilter, Period } from "../bindings";
import { api } from "../api/client";
import { useQuery } from "../hooks/useQuery";

/** The filters the dashboard keeps as text (empty = none); ids are kept as their decimal text. */
export type FilterState = { from: string; to: string; owner: string; pipeline: string; source: string; segment: string };
export const NO_FILTERS: FilterState = { from: "", to: "", owner: "", pipeline: "", source: "", segment: "" };

/** The core's filter for the picked values. */
export function toFilter(s: FilterState): AnalyticsFilter {
  return {
    from: s.from || null,
    to: s.to || null,
    owner: s.owner || null,
    pipeline_id: s.pipeline ? Number(s.pipeline) : null,
    source: s.source || null,
    segment_id: s.segment ? Number(s.segment) : null,
  };
}

/** Period, owner, pipeline, source and segment pickers; every list comes from the core. */
export function DashboardFilters({
  value,
  onChange,
  period,
  onPeriod,
}: {
  value: FilterState;
  onChange: (v: FilterState) => void;
  period: Period;
  onPeriod: (p: Period) => void;
}) {
  const { t } = useTranslation();
  const options = useQuery(() => api.analyticsFilterOptions(), "dash-options", ["person", "company", "deal"]);
  const pipelines = useQuery(() => api.pipelinesList(), "dash-pipelines", ["deal"]);
  const segments = useQuery(() => api.segmentsList(), "dash-segments", ["segment"]);
  const set = (key: keyof FilterState) => (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value });
  const all = <option value="">{t("dashboard.all")}</option>;
  return (
    <div className="dash-filters" role="group" aria-label={t("dashboard.filters")}>
      <label className="field">
        <span className="field-label">{t("dashboard.from")}</span>
        <input type="date" value={value.from} onChange={set("from")} data-testid="dash-from" />
      </label>
      <label className="field">
        <span className="field-label">{t("dashboard.to")}</span>
        <input type="date" value={value.to} onChange={set("to")} data-testid="dash-to" />
      </label>
      <label className="field">
        <span className="field-label">{t("dashboard.owner")}</span>
        <select value={value.owner} onChange={set("owner")} data-testid="dash-owner">
          {all}
          {options.data?.owners.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t("dashboard.pipeline")}</span>
        <select value={value.pipeline} onChange={set("pipeline")} data-testid="dash-pipeline">
          {all}
          {pipelines.data?.map((p) => <option key={p.id} value={String(p.id)}>{p.name}</option>)}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t("dashboard.source")}</span>
        <select value={value.source} onChange={set("source")} data-testid="dash-source">
          {all}
          {options.data?.sources.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t("dashboard.segment")}</span>
        <select value={value.segment} onChange={set("segment")} data-testid="dash-segment">
          {all}
          {segments.data?.map((s) => <option key={s.id} value={String(s.id)}>{s.name}</option>)}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t("dashboard.cohortPeriod")}</span>
        <select value={period} onChange={(e) => onPeriod(e.target.value as Period)}>
          <option value="month">{t("dashboard.byMonth")}</option>
          <option value="quarter">{t("dashboard.byQuarter")}</option>
        </select>
      </label>
    </div>
  );
}
