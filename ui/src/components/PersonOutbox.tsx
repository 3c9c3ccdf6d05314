import { useTranslation } from "react-i18next";
import type { OutboxEntry, OutboxStatus } from "../bindings";
import { api } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDateTime, formatDayTime } from "../lib/dates";
import { Badge, type Tone } from "./Badge";
import { SideSection } from "./RecordLayout";

const TONE: Record<OutboxStatus, Tone> = { queued: "neutral", sending: "info", sent: "success", failed: "danger" };

/** The person's outgoing messages: queued, sending, sent, or failed with the reason (the server's own text). */
export function PersonOutbox({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const q = useQuery(() => api.outboxForPerson(personId), `outbox-${personId}`, ["mail"]);
  const rows = q.data ?? [];
  if (rows.length === 0) return null;
  return (
    <SideSection title={t("mail.outbox.title")}>
      <ul className="outbox-list" data-testid="person-outbox">
        {rows.map((o) => (
          <Row key={o.id} o={o} locale={locale} t={t} />
        ))}
      </ul>
    </SideSection>
  );
}

function Row({ o, locale, t }: { o: OutboxEntry; locale: string; t: (k: string, v?: Record<string, unknown>) => string }) {
  const when = o.sent_at ?? o.queued_at;
  return (
    <li data-testid="outbox-row" data-status={o.status}>
      <div className="outbox-line">
        <Badge tone={TONE[o.status]}>{t(`mail.outbox.status.${o.status}`)}</Badge>
        <span className="outbox-subject" title={o.subject}>
          {o.subject || t("mail.noSubject")}
        </span>
      </div>
      <span className="muted small">
        {o.to_address} · <time title={formatDateTime(when, locale)}>{formatDayTime(when, locale)}</time>
        {o.status === "queued" && o.attempts > 0 && ` · ${t("mail.outbox.retryAt", { when: formatDayTime(o.next_attempt_at, locale) })}`}
      </span>
      {o.last_error && (o.status === "failed" || o.status === "queued") && (
        <span className="small outbox-error" data-testid="outbox-error">
          {o.last_error_code ? `${t(`errors.general.${o.last_error_code}`)} ` : ""}
          <span className="mono">{o.last_error}</span>
        </span>
      )}
    </li>
  );
}
