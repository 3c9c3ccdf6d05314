// What converted, next to the lead scoring's explanations: each source, segment and campaign with its leads
// and the share that became customers (the core's definitions, docs/analytics.md), best rate first.
import { useTranslation } from "react-i18next";
import type { ConversionRow } from "../bindings";
import { api } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatShare } from "../lib/dashboard";
import { NO_FILTERS, toFilter } from "./DashboardFilters";

/** At most this many rows: the strongest and weakest signals fit; the Dashboard has them all. */
const ROWS = 8;

export function WhatConverted() {
  const { t } = useTranslation();
  const locale = useLocale();
  const num = new Intl.NumberFormat(locale);
  const report = useQuery(() => api.analyticsConversion(toFilter(NO_FILTERS)), "scoring-conversion", ["person", "deal", "order", "segment", "campaign"]);
  const r = report.data;
  const rows: { kind: string; name: string; row: ConversionRow }[] = r
    ? [
        ...r.by_source.map((row) => ({ kind: t("dashboard.source"), name: row.key || t("dashboard.noSource"), row })),
        ...r.by_segment.map((row) => ({ kind: t("dashboard.bySegment"), name: row.key, row })),
        ...r.by_campaign.map((row) => ({ kind: t("dashboard.campaign"), name: row.key, row })),
      ]
        .filter((x) => x.row.leads > 0)
        .sort((a, b) => (b.row.rate ?? 0) - (a.row.rate ?? 0) || b.row.leads - a.row.leads)
        .slice(0, ROWS)
    : [];
  return (
    <>
      <h3>{t("scoring.whatConverted")}</h3>
      <p className="muted small">{t("scoring.whatConvertedIntro")}</p>
      {rows.length === 0 ? (
        <p className="muted small">{t("scoring.nothingConverted")}</p>
      ) : (
        <table className="scoring-suggestions" data-testid="scoring-conversion">
          <thead>
            <tr>
              <th>{t("scoring.convertedFrom")}</th>
              <th className="num">{t("dashboard.leads")}</th>
              <th className="num">{t("dashboard.becameCustomers")}</th>
              <th className="num">{t("dashboard.conversionRate")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ kind, name, row }) => (
              <tr key={`${kind}-${row.segment_id ?? ""}-${row.campaign_id ?? ""}-${name}`}>
                <td>
                  <span className="muted small">{kind}:</span> {name}
                </td>
                <td className="num">{num.format(row.leads)}</td>
                <td className="num">{num.format(row.customers)}</td>
                <td className="num">{formatShare(row.rate, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
