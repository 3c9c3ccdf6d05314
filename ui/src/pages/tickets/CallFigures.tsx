import { useTranslation } from "react-i18next";
import type { CallFigures as Figures, CallMetrics, MetricsQuery } from "../../bindings";
import { useLocale } from "../../i18n";
import { formatCallDuration } from "../../lib/calls";
import { CopyCsv } from "./CopyCsv";

/** The support page's calls card: calls, share answered, average talk and waiting time, in total and per agent. */
export function CallFigures({ calls, query }: { calls: CallMetrics; query: MetricsQuery }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const num = (v: number) => new Intl.NumberFormat(locale).format(v);
  const pct = (v: number | null) => (v === null ? "–" : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(v));
  const secs = (v: number | null) => (v === null ? "–" : formatCallDuration(t, v));
  const row = (label: string, f: Figures, key: string) => (
    <tr key={key}>
      <th scope="row">{label}</th>
      <td className="num">{num(f.calls)}</td>
      <td className="num">{pct(f.answered_share)}</td>
      <td className="num">{secs(f.avg_talk_secs)}</td>
      <td className="num">{secs(f.avg_wait_secs)}</td>
    </tr>
  );
  return (
    <section className="support-figure support-calls" data-testid="figure-calls">
      <header className="support-figure-head">
        <h2>{t("support.calls.title")}</h2>
        <CopyCsv figure="calls" query={query} />
      </header>
      {calls.total.calls === 0 ? (
        <p className="muted">{t("support.calls.none")}</p>
      ) : (
        <table className="support-table">
          <thead>
            <tr>
              <th scope="col">{t("support.calls.agent")}</th>
              <th scope="col" className="num">{t("support.calls.calls")}</th>
              <th scope="col" className="num">{t("support.calls.answered")}</th>
              <th scope="col" className="num">{t("support.calls.avgTalk")}</th>
              <th scope="col" className="num">{t("support.calls.avgWait")}</th>
            </tr>
          </thead>
          <tbody>
            {calls.agents.map((a) => row(a.agent ?? t("support.calls.noAgent"), a, a.agent ?? ""))}
            {row(t("support.calls.total"), calls.total, "\u0000total")}
          </tbody>
        </table>
      )}
    </section>
  );
}
