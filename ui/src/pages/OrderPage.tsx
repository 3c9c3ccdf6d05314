import { useTranslation } from "react-i18next";
import type { Order, OrderStatus } from "../bindings";
import { api } from "../api/client";
import { Badge } from "../components/Badge";
import { SelectField } from "../components/Field";
import { Icon } from "../components/Icon";
import { FieldList, RecordNotFound } from "../components/RecordLayout";
import { Skeleton } from "../components/EmptyState";
import { useToast } from "../components/Toast";
import { useQuery } from "../hooks/useQuery";
import { useTrashRecord } from "../hooks/useTrashRecord";
import { useLocale } from "../i18n";
import { formatYmd } from "../lib/dates";
import { formatMoney } from "../lib/money";
import { formatBp, formatQuantity, lineLabel, vatRows } from "../lib/orders";
import { navigate, recordHref } from "../lib/router";

export const ORDER_STATUSES: OrderStatus[] = ["draft", "confirmed", "paid", "cancelled"];

/** Where the order page leads back to: its person, else its company, else the dashboard. */
function backOf(o: Order | undefined): { href: string; label: string | null } {
  if (o?.person_id && o.person_name) return { href: recordHref("person", o.person_id)!, label: o.person_name };
  if (o?.company_id && o.company_name) return { href: recordHref("company", o.company_id)!, label: o.company_name };
  return { href: "#/dashboard", label: null };
}

/** The original order a return points at: its number, linked. */
function Original({ id }: { id: number }) {
  const q = useQuery(() => api.ordersGet(id), `order-${id}`, ["order"]);
  return <a href={recordHref("order", id)!}>{q.data?.number ?? `#${id}`}</a>;
}

function Lines({ o }: { o: Order }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const money = (minor: number) => formatMoney(minor, o.currency, locale);
  return (
    <table className="simple-table order-lines" data-testid="order-lines">
      <thead>
        <tr>
          <th scope="col">{t("orders.line.item")}</th>
          <th scope="col" className="num">{t("orders.line.quantity")}</th>
          <th scope="col" className="num">{t("orders.line.unitPrice")}</th>
          <th scope="col" className="num">{t("orders.line.discount")}</th>
          <th scope="col" className="num">{t("orders.line.vat")}</th>
          <th scope="col" className="num">{t("orders.line.total")}</th>
        </tr>
      </thead>
      <tbody>
        {o.lines.map((l) => (
          <tr key={l.id} data-testid="order-line">
            <td>{lineLabel(l)}</td>
            <td className="num">{formatQuantity(l.quantity_milli, locale)}</td>
            <td className="num">{money(l.unit_price_minor)}</td>
            <td className="num">{l.discount_bp ? formatBp(l.discount_bp, locale) : "–"}</td>
            <td className="num">{formatBp(l.vat_rate_bp, locale)}</td>
            <td className="num">{money(l.net_minor)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot data-testid="order-totals">
        <tr>
          <th scope="row" colSpan={5}>{t("orders.net")}</th>
          <td className="num">{money(o.net_minor)}</td>
        </tr>
        {vatRows(o).map((r) => (
          <tr key={r.vat_rate_bp}>
            <th scope="row" colSpan={5}>{t("orders.vatAt", { rate: formatBp(r.vat_rate_bp, locale), net: money(r.net_minor) })}</th>
            <td className="num">{money(r.vat_minor)}</td>
          </tr>
        ))}
        <tr className="strong">
          <th scope="row" colSpan={5}>{t("orders.gross")}</th>
          <td className="num" data-testid="order-gross">{money(o.gross_minor)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/** One order, invoice or return: its customer, date, status, lines and the totals the core computed. */
export function OrderPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const trash = useTrashRecord();
  const q = useQuery(() => api.ordersGet(id), `order-${id}`, ["order", "person", "company"]);
  const o = q.data;
  const back = backOf(o);
  if (q.error && !o) {
    return <RecordNotFound testId="order-detail" icon="order" backHref="#/dashboard" backLabel={t("nav.dashboard")} />;
  }
  const setStatus = async (status: OrderStatus) => {
    try {
      const saved = await api.ordersSetStatus(id, status);
      toast.show(t("orders.statusSaved", { number: saved.number, status: t(`orders.status.${status}`) }), { kind: "success" });
    } catch (e) {
      toast.error(e);
    }
  };
  const remove = () => o && trash("order", id, o.number, () => api.ordersDelete(id), () => (window.location.hash = back.href), () => navigate({ page: "order", id }));
  return (
    <section className="page order-page" data-testid="order-detail">
      <header className="page-header">
        <div>
          {back.label && (
            <a className="back-link" href={back.href}>
              <Icon name="back" size={14} /> {back.label}
            </a>
          )}
          <h1>{o ? `${t(`orders.kind.${o.kind}`)} ${o.number}` : t("common.loading")}</h1>
          {o && (
            <p className="page-subtitle">
              <Badge tone={o.kind === "credit_note" ? "warning" : "neutral"}>{t(`orders.status.${o.status}`)}</Badge>{" "}
              <span className="num strong">{formatMoney(o.gross_minor, o.currency, locale)}</span>
            </p>
          )}
        </div>
        {o && (
          <div className="row-actions">
            <SelectField label={t("orders.statusLabel")} name="status" value={o.status} onChange={(e) => void setStatus(e.target.value as OrderStatus)} options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`orders.status.${s}`) }))} />
            <button type="button" className="button button-danger-quiet" data-testid="order-delete" onClick={remove}>
              <Icon name="trash" /> {t("common.delete")}
            </button>
          </div>
        )}
      </header>
      {!o ? (
        <Skeleton lines={6} />
      ) : (
        <>
          <FieldList
            items={[
              [t("orders.customer"), <Customer key="c" o={o} />],
              [t("orders.date"), formatYmd(o.ordered_on, locale)],
              [t("orders.currency"), o.currency],
              [t("orders.country"), o.country],
              [t("orders.original"), o.original_order_id ? <Original id={o.original_order_id} /> : null],
              [t("orders.note"), o.note],
            ]}
          />
          <h2>{t("orders.lines")}</h2>
          <Lines o={o} />
        </>
      )}
    </section>
  );
}

function Customer({ o }: { o: Order }) {
  const { t } = useTranslation();
  if (!o.person_id && !o.company_id) return <span className="muted">{t("orders.anonymous")}</span>;
  return (
    <span className="record-links">
      {o.person_id && o.person_name && <a href={recordHref("person", o.person_id)!}>{o.person_name}</a>}
      {o.company_id && o.company_name && <a href={recordHref("company", o.company_id)!}>{o.company_name}</a>}
    </span>
  );
}
