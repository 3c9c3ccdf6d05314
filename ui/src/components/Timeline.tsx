import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Activity, ActivityKind, MailActivityInfo } from "../bindings";
import { api } from "../api/client";
import { useOpenForm } from "../app/Forms";
import { ACTIVITY_KINDS } from "../forms/ActivityForm";
import { useQueryList } from "../hooks/usePagedList";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDateTime, formatDayTime } from "../lib/dates";
import { systemNote } from "../lib/systemEvent";
import { EmptyState, Skeleton } from "./EmptyState";
import { Icon } from "./Icon";
import { directionLabel, groupThreads, MailAttachments, MailBody } from "./MailParts";
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

function Entry({ a, except, mail, older, info }: { a: Activity; except: string; mail?: MailActivityInfo; older?: Activity[]; info?: Map<number, MailActivityInfo> }) {
  const { t } = useTranslation();
  const [threadOpen, setThreadOpen] = useState(false);
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
  const minutes = a.duration_secs ? Math.round(a.duration_secs / 60) : 0;
  return (
    <li className={`timeline-item kind-${a.kind}`} data-testid="timeline-item" data-kind={a.kind} data-direction={a.direction ?? ""}>
      <span className="timeline-icon">
        <Icon name={a.kind} size={14} />
      </span>
      <div className="timeline-content">
        <div className="timeline-meta">
          <span className="strong">{t(`activityKind.${a.kind}`)}</span>
          {direction && <span className="muted" data-testid="timeline-direction">{direction}</span>}
          {mail?.malformed && (
            <span className="badge badge-warning" title={t("mail.malformedHint")}>
              {t("mail.malformed")}
            </span>
          )}
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
        {older && older.length > 0 && (
          <div>
            <button type="button" className="link-button" aria-expanded={threadOpen} onClick={() => setThreadOpen(!threadOpen)} data-testid="mail-thread-toggle">
              {threadOpen ? t("mail.hideThread") : t("mail.showThread", { count: older.length })}
            </button>
            {threadOpen && (
              <ol className="timeline-list mail-thread">
                {older.map((o) => (
                  <Entry key={o.id} a={o} except={except} mail={info?.get(o.id)} />
                ))}
              </ol>
            )}
          </div>
        )}
      </div>
    </li>
  );
}

/** A record's activities, newest first, filterable by kind; more load on demand. */
export function Timeline({ target, except }: { target: Target; except: string }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ActivityKind | null>(null);
  const list = useQueryList({ ...target, kinds: kind ? [kind] : [] }, (req) => api.activitiesTimeline(req), ["activity"]);
  const emailIds = list.rows.filter((a) => a.kind === "email").map((a) => a.id);
  const mailInfo = useQuery(() => (emailIds.length > 0 ? api.mailActivityInfo(emailIds) : Promise.resolve([])), emailIds.join(","), ["mail"]);
  const info = new Map((mailInfo.data ?? []).map((i) => [i.activity_id, i]));
  const groups = groupThreads(list.rows, info);

  return (
    <section className="timeline" aria-label={t("timeline.title")}>
      <div className="chips" role="group" aria-label={t("timeline.filter")}>
        {[null, ...ACTIVITY_KINDS].map((k) => (
          <button key={k ?? "all"} type="button" className={`chip ${kind === k ? "is-selected" : ""}`} aria-pressed={kind === k} onClick={() => setKind(k)}>
            {k ? t(`activityKind.${k}`) : t("timeline.all")}
          </button>
        ))}
      </div>
      {list.loading && list.rows.length === 0 ? (
        <Skeleton lines={4} />
      ) : list.rows.length === 0 ? (
        <EmptyState icon="note" title={kind ? t("timeline.emptyKind") : t("timeline.empty")} hint={t("timeline.emptyHint")} />
      ) : (
        <ol className="timeline-list">
          {groups.map((g) => (
            <Entry key={g.head.id} a={g.head} except={except} mail={info.get(g.head.id)} older={g.older} info={info} />
          ))}
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
