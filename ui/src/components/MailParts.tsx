import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Activity, MailActivityInfo } from "../bindings";
import { useLocale } from "../i18n";
import { isLong, splitQuoted } from "../lib/mail";
import { fileSize } from "../lib/templates";
import { Icon } from "./Icon";

/** An email's plain-text body, always as text (never HTML): long bodies start collapsed, quoted history is
 * folded away behind its own toggle. */
export function MailBody({ body }: { body: string }) {
  const { t } = useTranslation();
  const { text, quoted } = splitQuoted(body);
  const long = isLong(text);
  const [open, setOpen] = useState(!long);
  const [showQuoted, setShowQuoted] = useState(false);
  return (
    <div className="mail-body-wrap">
      <pre className={`mail-body ${open ? "" : "is-collapsed"}`} data-testid="mail-body">
        {text}
      </pre>
      {long && (
        <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="mail-body-toggle">
          {open ? t("mail.showLess") : t("mail.showMore")}
        </button>
      )}
      {quoted && (
        <>
          {" "}
          <button type="button" className="link-button" aria-expanded={showQuoted} onClick={() => setShowQuoted(!showQuoted)}>
            {showQuoted ? t("mail.hideQuoted") : t("mail.showQuoted")}
          </button>
          {showQuoted && <pre className="mail-quoted">{quoted}</pre>}
        </>
      )}
    </div>
  );
}

export function MailAttachments({ info }: { info: MailActivityInfo }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (info.attachments.length === 0) return null;
  return (
    <ul className="mail-attachments" aria-label={t("mail.attachments")} data-testid="mail-attachments">
      {info.attachments.map((a, i) => (
        <li key={i} title={a.content_type}>
          <Icon name="attach" size={12} /> <span>{a.name}</span> <span className="muted">{fileSize(a.size, locale)}</span>
        </li>
      ))}
    </ul>
  );
}

/** What the server says about an email: unread (received ones), answered, flagged, deleted on the server
 * (the activity stays: it is a record of contact). */
export function MailState({ info, inbound }: { info: MailActivityInfo; inbound: boolean }) {
  const { t } = useTranslation();
  const f = info.flags;
  return (
    <>
      {inbound && !f.seen && <span className="badge badge-info" data-testid="mail-unread">{t("mail.flags.unread")}</span>}
      {f.answered && <span className="badge badge-neutral" data-testid="mail-answered">{t("mail.flags.answered")}</span>}
      {f.flagged && <span className="badge badge-warning" data-testid="mail-flagged">{t("mail.flags.flagged")}</span>}
      {info.deleted_on_server_at !== null && (
        <span className="badge badge-neutral" title={t("mail.deletedOnServerHint")} data-testid="mail-deleted-on-server">
          {t("mail.deletedOnServer")}
        </span>
      )}
    </>
  );
}

/** Received / Sent for an email, inbound / outbound for other kinds. */
export function directionLabel(t: (k: string) => string, a: Pick<Activity, "kind" | "direction">): string | null {
  if (!a.direction) return null;
  return a.kind === "email" ? t(`mail.direction.${a.direction}`) : t(`direction.${a.direction}`);
}

export type TimelineGroup = { head: Activity; older: Activity[] };

/** Emails of one thread gathered under the newest loaded one; everything else stays where it is. */
export function groupThreads(rows: Activity[], info: Map<number, MailActivityInfo>): TimelineGroup[] {
  const groups: TimelineGroup[] = [];
  const byThread = new Map<string, TimelineGroup>();
  for (const a of rows) {
    const key = a.kind === "email" ? info.get(a.id)?.thread_key : undefined;
    const group = key ? byThread.get(key) : undefined;
    if (group) {
      group.older.push(a);
      continue;
    }
    const g = { head: a, older: [] };
    groups.push(g);
    if (key) byThread.set(key, g);
  }
  return groups;
}
