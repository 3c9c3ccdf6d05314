import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { DurationStats, MetricsFigure, MetricsQuery, SupportMetrics } from "../../bindings";
import { api } from "../../api/client";
import { EmptyState, Skeleton } from "../../components/EmptyState";
import { TextField } from "../../components/Field";
import { useDebounced } from "../../hooks/useDebounced";
import { useQuery } from "../../hooks/useQuery";
import { useLocale } from "../../i18n";
import { CallFigures } from "./CallFigures";
import { CopyCsv } from "./CopyCsv";

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One figure as a table with a bar per row and its CSV export (copied for a spreadsheet). */
function Figure({ title, figure, rows, query }: { title: string; figure: MetricsFigure; rows: [string, number][]; query: MetricsQuery }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const max = Math.max(1, ...rows.map(([, n]) => n));
  return (
    <section className="support-figure" data-testid={`figure-${figure}`}>
      <header className="support-figure-head">
        <h2>{title}</h2>
        <CopyCsv figure={figure} query={query} />
      </header>
      {rows.length === 0 ? (
        <p className="muted">{t("support.none")}</p>
      ) : (
        <table className="support-table">
          <tbody>
            {rows.map(([label, n]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{n.toLocaleString(locale)}</td>
                <td className="support-bar-cell" aria-hidden="true">
                  <span className="support-bar" style={{ width: `${(n / max) * 100}%` }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The support dashboard: the figures of docs/support-metrics.md for a period and optionally one agent. */
export function SupportPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const [from, setFrom] = useState(isoDay(Date.now() - 29 * DAY));
  const [to, setTo] = useState(isoDay(Date.now()));
  const [agent, setAgent] = useState("");
  const who = useDebounced(agent.trim());
  const query: MetricsQuery = { from, to, agent: who || null };
  const m = useQuery(() => api.supportMetrics(query), JSON.stringify(query), ["ticket", "activity"]);
  const pct = (v: number | null) => (v === null ? "–" : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(v));
  const num = (v: number | null, digits = 0) => (v === null ? "–" : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v));
  const dur = (d: DurationStats) => (d.count === 0 ? "–" : t("support.medianP90", { median: num(d.median_minutes), p90: num(d.p90_minutes), count: d.count }));

  const body = (s: SupportMetrics) => (
    <>
      <dl className="support-kpis" data-testid="support-kpis">
        {[
          [t("support.opened"), num(s.opened)],
          [t("support.resolved"), num(s.resolved)],
          [t("support.firstResponse"), dur(s.first_response)],
          [t("support.resolution"), dur(s.resolution)],
          [t("support.withinSla"), s.sla.measured === 0 ? "–" : `${pct(s.sla.share)} (${s.sla.within}/${s.sla.measured})`],
          [t("support.breachingSoon"), num(s.breaching_soon)],
          [t("support.breached"), `${num(s.breached)} · ${t("support.breachedOpen", { count: s.breached_open })}`],
          [t("support.satisfaction"), s.satisfaction.count === 0 ? "–" : `${num(s.satisfaction.average, 1)} · ${pct(s.satisfaction.share_good)} 4–5 (${s.satisfaction.count})`],
        ].map(([label, value]) => (
          <div key={label} className="support-kpi">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div className="support-grid">
        <Figure title={t("support.backlogStatus", { count: s.backlog.total })} figure="backlog" query={query} rows={s.backlog.by_status.map((r) => [t(`tickets.status.${r.status}`), r.count])} />
        <Figure title={t("support.backlogAge")} figure="backlog" query={query} rows={s.backlog.by_age.map((r) => [t(`support.age.${r.age}`), r.count])} />
        <Figure title={t("support.channels")} figure="channels" query={query} rows={s.by_channel.map((r) => [t(`tickets.channel.${r.channel}`), r.count])} />
        <Figure title={t("support.types")} figure="types" query={query} rows={s.by_type.map((r) => [t(`tickets.type.${r.type}`), r.count])} />
        <Figure title={t("support.agents")} figure="agents" query={query} rows={s.agents.map((a) => [a.agent ?? t("support.unassigned"), a.resolved])} />
        <CallFigures calls={s.calls} query={query} />
        <Figure title={t("support.summary")} figure="summary" query={query} rows={[[t("support.opened"), s.opened], [t("support.resolved"), s.resolved], [t("support.backlog"), s.backlog.total]]} />
      </div>
    </>
  );

  return (
    <section className="page support-page" data-testid="support-page" aria-labelledby="support-title">
      <header className="page-header">
        <div>
          <h1 id="support-title">{t("support.title")}</h1>
          <p className="page-subtitle">
            <a href="#/tickets">{t("tickets.title")}</a>
          </p>
        </div>
      </header>
      <div className="toolbar support-period">
        <TextField label={t("support.from")} name="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <TextField label={t("support.to")} name="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <TextField label={t("tickets.fields.assignee")} name="agent" value={agent} onChange={(e) => setAgent(e.target.value)} />
      </div>
      {m.error ? <p role="alert">{m.error.message}</p> : !m.data ? <Skeleton /> : m.data.opened + m.data.backlog.total + m.data.resolved + m.data.calls.total.calls === 0 ? <EmptyState icon="chat" title={t("support.empty")} hint={t("support.emptyHint")} /> : body(m.data)}
    </section>
  );
}
