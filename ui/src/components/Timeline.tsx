import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Activity, ActivityKind, MailActivityInfo } from "../bindings";
import { api } from "../api/client";
import { useOpenForm } from "../app/Forms";
import { ACTIVITY_KINDS } from "../forms/ActivityForm";
import { useDebounced } from "../hooks/useDebounced";
import { useQueryList } from "../hooks/usePagedList";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDateTime, formatDayTime } from "../lib/dates";
import { systemNote } from "../lib/systemEvent";
import { CallFacts } from "./CallFacts";
import { EmptyState, Skeleton } from "./EmptyState";
import { Icon } from "./Icon";
import { directionLabel, groupThreads, MailAttachments, MailBody, MailState } from "./MailParts";
import { OrderEntry } from "./OrderEntry";
import { ReplyButton } from "./ReplyButton";
import { RecordLinks } from "./TaskItem";
import { useToast } from "./Toast";

type Target = { person_id: number | null; company_id: number | null; deal_id: number | null };

/** What a timeline entry is titled: its subject, or for notes without one the body's first line. */
export function entryTitle(a: Pick<Activity, "subject" | "body">): { title: string; rest: string | null } {
  if (a.subject.trim() !== "") return { title: a.subject, rest: a.body };
  const [first, ...more] = (a.body ?? "").split("\n");
  const rest = more.join("\n").trim();
  return { title: first, rest: rest === "" ? null : rest };
}

type Thread = { older: Activity[]; info: Map<number, MailActivityInfo>; open: boolean; toggle: () => void };

function Entry({ a, except, mail, thread }: { a: Activity; except: string; mail?: MailActivityInfo; thread?: Thread }) {
  const { t } = useTranslation();
  const direction = directionLabel(t, a);
  const isEmail = a.kind === "email";
  const locale = useLocale();
  const toast = useToast();
  const openForm = useOpenForm();
  const system = systemNote(t, a);
  const { title, rest } = system ?? entryTitle(a);
  // The app's own note opens for editing with its text in the reader's language; saving makes it theirs.
  const editable = system ? { ...a, subject: system.title, body: system.rest } : a;
  const remove = async () => {
    try {
      await api.activitiesDelete(a.id);
      toast.show(t("toast.trashed", { title: title || t(`activityKind.${a.kind}`) }), {
        action: { label: t("common.undo"), run: () => void api.trashRestore("activity", a.id).catch(toast.error) },
      });
    } catch (e) {
      toast.error(e);
    }
  };
  // A logged call says its own talk time (to the second); other activities their length in minutes.
  const minutes = a.duration_secs && !a.call ? Math.round(a.duration_secs / 60) : 0;
  return (
    <li className={`timeline-item kind-${a.kind}`} data-testid="timeline-item" data-kind={a.kind} data-direction={a.direction ?? ""}>
      <span className="timeline-icon">
        <Icon name={a.kind} size={14} />
      </span>
      <div className="timeline-content">
        <div className="timeline-meta">
          <span className="strong">{t(`activityKind.${a.kind}`)}</span>
          {direction && !a.call && <span className="muted" data-testid="timeline-direction">{direction}</span>}
          <CallFacts a={a} />
          {mail?.malformed && (
            <span className="badge badge-warning" title={t("mail.malformedHint")}>
              {t("mail.malformed")}
            </span>
          )}
          {mail && <MailState info={mail} inbound={a.direction === "inbound"} />}
          {minutes > 0 && <span className="muted">{t("activity.minutes", { count: minutes })}</span>}
          <time className="muted" dateTime={new Date(a.occurred_at).toISOString()} title={formatDateTime(a.occurred_at, locale)}>
            {formatDayTime(a.occurred_at, locale)}
          </time>
          <RecordLinks item={a} except={except} />
          <span className="timeline-actions">
            <button type="button" className="icon-button" aria-label={t("common.edit")} title={t("common.edit")} onClick={() => openForm({ kind: "activity", activity: editable })}>
              <Icon name="edit" size={14} />
            </button>
            <button type="button" className="icon-button" aria-label={t("common.delete")} title={t("common.delete")} onClick={remove}>
              <Icon name="trash" size={14} />
            </button>
          </span>
        </div>
        {title && <p className="timeline-title">{title}</p>}
        {rest && (isEmail ? <MailBody body={rest} /> : <p className="timeline-body">{rest}</p>)}
        {mail && <MailAttachments info={mail} />}
        {mail && a.direction === "inbound" && <ReplyButton a={a} info={mail} />}
        {thread && thread.older.length > 0 && (
          <div>
            <button type="button" className="link-button" aria-expanded={thread.open} onClick={thread.toggle} data-testid="mail-thread-toggle">
              {thread.open ? t("mail.hideThread") : t("mail.showThread", { count: thread.older.length })}
            </button>
            {thread.open && (
              <ol className="timeline-list mail-thread">
                {thread.older.map((o) => (
                  <Entry key={o.id} a={o} except={except} mail={thread.info.get(o.id)} />
                ))}
              </ol>
            )}
          </div>
        )}
      </div>
    </li>
  );
}

/** The kinds a timeline can be filtered by: the activities, and the orders the core adds to it. */
const TIMELINE_KINDS: ActivityKind[] = [...ACTIVITY_KINDS, "order"];

/** A record's activities and orders, newest first, filterable by kind; more load on demand. */
export function Timeline({ target, except }: { target: Target; except: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ActivityKind | null>(null);
  const [text, setText] = useState("");
  const search = useDebounced(text.trim());
  const list = useQueryList({ ...target, kinds: kind ? [kind] : [], search: search || null }, (req) => api.activitiesTimeline(req), ["activity", "order"]);
  const emailIds = list.rows.filter((a) => a.kind === "email").map((a) => a.id);
  const mailInfo = useQuery(() => (emailIds.length > 0 ? api.mailActivityInfo(emailIds) : Promise.resolve([])), emailIds.join(","), ["mail"]);
  // What is known about emails stays while a reload asks again, so threads do not come apart for a moment.
  const known = useRef(new Map<number, MailActivityInfo>());
  for (const i of mailInfo.data ?? []) known.current.set(i.activity_id, i);
  const info = known.current;
  const groups = groupThreads(list.rows, info);
  // Open threads by key, so one stays open when the list reloads.
  const [openThreads, setOpenThreads] = useState<Set<string>>(new Set());
  const threadOf = (g: { head: Activity; older: Activity[] }): Thread | undefined => {
    const key = info.get(g.head.id)?.thread_key;
    if (!key || g.older.length === 0) return undefined;
    const toggle = () => setOpenThreads((s) => (s.has(key) ? new Set([...s].filter((k) => k !== key)) : new Set([...s, key])));
    return { older: g.older, info, open: openThreads.has(key), toggle };
  };

  return (
    <section className="timeline" aria-label={t("timeline.title")}>
      <div className="timeline-filters">
        <div className="chips" role="group" aria-label={t("timeline.filter")}>
          {[null, ...TIMELINE_KINDS].map((k) => (
            <button key={k ?? "all"} type="button" className={`chip ${kind === k ? "is-selected" : ""}`} aria-pressed={kind === k} onClick={() => setKind(k)}>
              {k ? t(`activityKind.${k}`) : t("timeline.all")}
            </button>
          ))}
        </div>
        <input type="search" className="timeline-search" name="timeline-search" data-testid="timeline-search" placeholder={t("timeline.search")} aria-label={t("timeline.search")} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      {list.loading && list.rows.length === 0 ? (
        <Skeleton lines={4} />
      ) : list.rows.length === 0 ? (
        <EmptyState icon="note" title={search ? t("timeline.emptySearch") : kind ? t("timeline.emptyKind") : t("timeline.empty")} hint={t("timeline.emptyHint")} />
      ) : (
        <ol className="timeline-list">
          {groups.map((g) =>
            g.head.kind === "order" ? (
              <OrderEntry key={`order-${g.head.id}`} a={g.head} except={except} />
            ) : (
              <Entry key={g.head.id} a={g.head} except={except} mail={info.get(g.head.id)} thread={threadOf(g)} />
            ),
          )}
        </ol>
      )}
      {list.hasMore && (
        <button type="button" className="button" onClick={list.loadMore} disabled={list.loadingMore}>
          {list.loadingMore ? t("common.loadingMore") : t("timeline.more")}
        </button>
      )}
    </section>
  );
}
