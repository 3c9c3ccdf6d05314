import { useTranslation } from "react-i18next";
import { ENTITIES, type AuditEntry, type Entity } from "../bindings";
import { api } from "../api/client";
import { fieldLabel } from "../api/errors";
import { useQueryList } from "../hooks/usePagedList";
import { useLocale } from "../i18n";
import { formatDateTime } from "../lib/dates";
import { recordHref } from "../lib/router";
import { EmptyState, Skeleton } from "./EmptyState";


function Row({ e, showRecord }: { e: AuditEntry; showRecord: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const href = e.entity && e.record_id !== null ? recordHref(e.entity, e.record_id) : null;
  const record = e.entity ? `${t(`entity.${e.entity}`)} #${e.record_id ?? ""}` : t("security.audit.wholeStore");
  return (
    <li className="audit-row" data-testid="audit-entry">
      <time className="muted" dateTime={new Date(e.at).toISOString()}>
        {formatDateTime(e.at, locale)}
      </time>
      <span className="strong">{t(`security.action.${e.action}`)}</span>
      {showRecord && (href ? <a href={href}>{record}</a> : <span>{record}</span>)}
      {e.fields.length > 0 && <span>{e.fields.map((f) => fieldLabel(t, f)).join(", ")}</span>}
      <span className="muted">{e.profile ?? t("security.audit.noProfile")}</span>
    </li>
  );
}

/**
 * The audit trail: one record's history (entity and recordId) or everything (settings). Entries name the
 * fields that changed, never their values.
 */
export function AuditTrail({ entity = null, recordId = null }: { entity?: Entity | null; recordId?: number | null }) {
  const { t } = useTranslation();
  const list = useQueryList({ entity, record_id: recordId }, (req) => api.auditList(req), [...ENTITIES]);
  return (
    <section className="audit-trail" data-testid="audit-trail" aria-label={t("security.audit.title")}>
      {list.loading && list.rows.length === 0 ? (
        <Skeleton lines={3} />
      ) : list.rows.length === 0 ? (
        <EmptyState icon="clock" title={t("security.audit.empty")} hint={t("security.audit.emptyHint")} />
      ) : (
        <ol className="audit-list">
          {list.rows.map((e) => (
            <Row key={e.id} e={e} showRecord={recordId === null} />
          ))}
        </ol>
      )}
      {list.hasMore && (
        <button type="button" className="button" onClick={list.loadMore} disabled={list.loadingMore}>
          {list.loadingMore ? t("common.loadingMore") : t("security.audit.more")}
        </button>
      )}
    </section>
  );
}
