import { useTranslation } from "react-i18next";
import type { Activity } from "../bindings";
import { useLocale } from "../i18n";
import { formatDateTime, formatDayTime } from "../lib/dates";
import { formatMoney } from "../lib/money";
import { recordHref } from "../lib/router";
import { Badge } from "./Badge";
import { Icon } from "./Icon";
import { RecordLinks } from "./TaskItem";

/** An order or return on a timeline (an entry of kind `order`, whose id is the order's): its number linked
 * to the order page, its total in its currency, its status, and a Return badge for credit notes. */
export function OrderEntry({ a, except }: { a: Activity; except: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const o = a.order;
  if (!o) return null;
  const isReturn = o.kind === "credit_note";
  return (
    <li className={`timeline-item kind-order${isReturn ? " is-return" : ""}`} data-testid="timeline-item" data-kind="order" data-direction="">
      <span className="timeline-icon">
        <Icon name="order" size={14} />
      </span>
      <div className="timeline-content">
        <div className="timeline-meta">
          <span className="strong">{t(`orders.kind.${o.kind}`)}</span>
          {isReturn && <Badge tone="warning">{t("orders.return")}</Badge>}
          <Badge tone="neutral">{t(`orders.status.${o.status}`)}</Badge>
          <time className="muted" dateTime={new Date(a.occurred_at).toISOString()} title={formatDateTime(a.occurred_at, locale)}>
            {formatDayTime(a.occurred_at, locale)}
          </time>
          <RecordLinks item={a} except={except} />
        </div>
        <p className="timeline-title">
          <a href={recordHref("order", a.id)!} data-testid="timeline-order-link">
            {a.subject}
          </a>{" "}
          <span className="num strong" data-testid="timeline-order-total">
            {formatMoney(o.gross_minor, o.currency, locale)}
          </span>
        </p>
        {a.body && <p className="timeline-body">{a.body}</p>}
      </div>
    </li>
  );
}
