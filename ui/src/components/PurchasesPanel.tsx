import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { Badge } from "./Badge";
import { SideSection } from "./RecordLayout";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatYmd } from "../lib/dates";
import { formatMoney } from "../lib/money";
import { recordHref } from "../lib/router";

const RECENT = 5;

/** A person's or company's purchase history: what they spent per currency, how many orders, the last one,
 * and their most recent orders (returns marked). Totals come from the core. */
export function PurchasesPanel({ personId, companyId }: { personId: number | null; companyId: number | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const key = `${personId ?? ""}-${companyId ?? ""}`;
  const summary = useQuery(() => api.ordersSummary(personId, companyId), `purchases-${key}`, ["order"]).data;
  const q = useQuery(() => api.ordersList(personId, companyId), `orders-${key}`, ["order"]);
  const orders = q.data ?? [];
  return (
    <SideSection title={t("orders.purchases")}>
      <div data-testid="purchases">
        {orders.length === 0 ? (
          <p className="muted small">{q.loading ? t("common.loading") : t("orders.none")}</p>
        ) : (
          <>
            {summary && (
              <p className="small">
                {t("orders.count", { count: summary.order_count })}
                {summary.last_ordered_on && <> · {t("orders.last", { date: formatYmd(summary.last_ordered_on, locale) })}</>}
              </p>
            )}
            {summary && summary.totals.length > 0 && (
              <ul className="related-list" data-testid="purchase-totals">
                {summary.totals.map((total) => (
                  <li key={total.currency}>
                    <span>{t("orders.spent")}</span>
                    <span className="related-meta">
                      <span className="num">{formatMoney(total.gross_minor, total.currency, locale)}</span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <ul className="related-list">
              {orders.slice(0, RECENT).map((o) => (
                <li key={o.id}>
                  <span>
                    <a href={recordHref("order", o.id)!}>{o.number}</a> <span className="muted">{formatYmd(o.ordered_on, locale)}</span>
                  </span>
                  <span className="related-meta">
                    <span className="num">{formatMoney(o.gross_minor, o.currency, locale)}</span>
                    {o.kind === "credit_note" && <Badge tone="warning">{t("orders.return")}</Badge>}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </SideSection>
  );
}
