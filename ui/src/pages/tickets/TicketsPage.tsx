import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ticket, TicketStatus } from "../../bindings";
import { api } from "../../api/client";
import { Badge } from "../../components/Badge";
import { EmptyState } from "../../components/EmptyState";
import { FilterSelect, FilterText, ListPage } from "../../components/ListPage";
import { useDebounced } from "../../hooks/useDebounced";
import { useQuery } from "../../hooks/useQuery";
import { useLocale } from "../../i18n";
import { formatDayTime } from "../../lib/dates";
import { navigate } from "../../lib/router";
import { NewTicketDialog } from "./NewTicketDialog";
import { options, STATUSES } from "./options";
import { SlaBadge } from "./SlaBadge";
import { useToast } from "../../components/Toast";
import { TicketPane } from "./TicketPane";

/** Tickets a page: the first from the list query, older ones on demand (keyset paging after the last row). */
const PAGE = 500;

/** The service desk inbox: tickets with status, priority and SLA badge, filters, and a reading pane. */
export function TicketsPage({ id }: { id: number | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [status, setStatus] = useState("");
  const [assignee, setAssignee] = useState("");
  const [breaching, setBreaching] = useState(false);
  const [search, setSearch] = useState("");
  const [creating, setCreating] = useState(false);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  const who = useDebounced(assignee.trim());
  // The box searches every ticket in the core (number, subject, requester), not only the page loaded.
  const text = useDebounced(search.trim());
  const query = { status: (status || null) as TicketStatus | null, breaching, person_id: null, assignee: who || null, limit: PAGE, after: null, search: text || null };
  const list = useQuery(() => api.ticketsList(query), JSON.stringify(query), ["ticket"]);
  const first = list.data ?? [];
  // Older pages belong to this query and this first page: a new filter or a refreshed first page starts over.
  const pagesKey = `${JSON.stringify(query)}|${first.length}|${first[first.length - 1]?.id ?? ""}`;
  const [older, setOlder] = useState<{ key: string; rows: Ticket[]; done: boolean }>({ key: "", rows: [], done: false });
  const [loadingMore, setLoadingMore] = useState(false);
  const toast = useToast();
  const pages = older.key === pagesKey ? older : { key: pagesKey, rows: [], done: first.length < PAGE };
  const seen = new Set(first.map((r) => r.id));
  const rows = [...first, ...pages.rows.filter((r) => !seen.has(r.id))];
  const loadMore = () => {
    const last = rows[rows.length - 1];
    if (!last) return;
    setLoadingMore(true);
    api
      .ticketsList({ ...query, after: last.id })
      .then((page) => setOlder({ key: pagesKey, rows: [...pages.rows, ...page], done: page.length < PAGE }))
      .catch((e: unknown) => toast.error(e))
      .finally(() => setLoadingMore(false));
  };

  return (
    <ListPage
      testId="tickets-page"
      title={t("tickets.title")}
      countText={list.loading && !list.data ? t("common.loading") : t("tickets.count", { count: rows.length })}
      newLabel={t("tickets.new")}
      newTestId="new-ticket"
      onNew={() => setCreating(true)}
      actions={
        <a className="button" href="#/support" data-testid="open-support">
          {t("support.title")}
        </a>
      }
      search={search}
      onSearch={setSearch}
      searchPlaceholder={t("tickets.searchPlaceholder")}
      filters={
        <>
          <FilterSelect label={t("tickets.fields.status")} value={status} onChange={setStatus} options={[{ value: "", label: t("tickets.allStatuses") }, ...options(t, "status", STATUSES)]} />
          <FilterText label={t("tickets.fields.assignee")} value={assignee} onChange={setAssignee} placeholder={t("tickets.fields.assignee")} />
          <label className="checkbox">
            <input type="checkbox" checked={breaching} onChange={(e) => setBreaching(e.target.checked)} data-testid="filter-breaching" /> {t("tickets.breaching")}
          </label>
        </>
      }
    >
      <div className="inbox">
        <ul className="inbox-list" aria-label={t("tickets.title")}>
          {rows.map((r) => (
            <li key={r.id}>
              <a href={`#/tickets/${r.id}`} className={`inbox-item ${r.id === id ? "is-current" : ""} ${r.sla.breached && r.status !== "solved" && r.status !== "closed" ? "is-overdue" : ""}`} aria-current={r.id === id ? "true" : undefined} data-testid="ticket-row">
                <span className="inbox-item-top">
                  <span className="muted">{r.number}</span>
                  <span className="strong inbox-subject">{r.subject}</span>
                </span>
                <span className="inbox-item-meta">
                  <Badge tone={r.status === "new" || r.status === "open" ? "accent" : "neutral"}>{t(`tickets.status.${r.status}`)}</Badge>
                  {(r.priority === "high" || r.priority === "urgent") && <Badge tone="warning">{t(`tickets.priority.${r.priority}`)}</Badge>}
                  <SlaBadge ticket={r} now={now} />
                  <span className="muted">{r.person_name ?? ""}</span>
                  <span className="muted">{formatDayTime(r.opened_at, locale)}</span>
                </span>
              </a>
            </li>
          ))}
          {!pages.done && first.length > 0 && (
            <li>
              <button type="button" className="button" onClick={loadMore} disabled={loadingMore} data-testid="tickets-more">
                {loadingMore ? t("common.loading") : t("tickets.loadMore")}
              </button>
            </li>
          )}
        </ul>
        <div className="inbox-pane">
          {id !== null ? <TicketPane key={id} id={id} now={now} /> : rows.length === 0 && !list.loading ? <EmptyState icon="chat" title={t("tickets.empty")} hint={t("tickets.emptyHint")} /> : <EmptyState icon="chat" title={t("tickets.pick")} />}
        </div>
      </div>
      {creating && (
        <NewTicketDialog
          onClose={() => setCreating(false)}
          onCreated={(tid) => {
            setCreating(false);
            navigate({ page: "tickets", id: tid });
          }}
        />
      )}
    </ListPage>
  );
}
