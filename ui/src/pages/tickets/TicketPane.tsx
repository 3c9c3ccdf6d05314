import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TicketDetail, TicketEvent, TicketPriority, TicketStatus } from "../../bindings";
import { api } from "../../api/client";
import { useApp } from "../../app/AppState";
import { SelectField, TextArea, TextField } from "../../components/Field";
import { Skeleton } from "../../components/EmptyState";
import { useToast } from "../../components/Toast";
import { useQuery } from "../../hooks/useQuery";
import { useLocale } from "../../i18n";
import { formatDateTime } from "../../lib/dates";
import { isOpen, options, PRIORITIES, STATUSES } from "./options";
import { SlaBadge } from "./SlaBadge";
import { SlaClocks } from "./SlaClocks";

/** What an event says in the conversation; messages show their body as plain text. */
function EventItem({ e }: { e: TicketEvent }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const what =
    e.kind === "status" && e.status ? t("tickets.event.status", { status: t(`tickets.status.${e.status}`) })
    : e.kind === "assign" ? (e.assignee ? t("tickets.event.assign", { assignee: e.assignee }) : t("tickets.event.unassign"))
    : e.kind === "rating" ? t("tickets.event.rating", { rating: e.rating ?? 0 })
    : t(`tickets.event.${e.kind}`);
  const message = e.kind === "reply" || e.kind === "customer_reply" || e.kind === "note" || e.kind === "created";
  return (
    <li className={`ticket-event ticket-event-${e.kind}`} data-testid="ticket-event">
      <div className="ticket-event-head">
        <span className="strong">{what}</span>
        {e.author && <span className="muted"> · {e.author}</span>}
        <span className="muted"> · {formatDateTime(e.at, locale)}</span>
      </div>
      {(message || e.kind === "rating") && e.body && <p className="ticket-body">{e.body}</p>}
    </li>
  );
}

/** The reading pane: the ticket's facts, its conversation, and the agent's actions. */
export function TicketPane({ id, now }: { id: number; now: number }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { settings } = useApp();
  const q = useQuery(() => api.ticketsGet(id), String(id), ["ticket"]);
  const accounts = useQuery(() => api.mailAccountsList(), "accounts", ["mail"]);
  const [body, setBody] = useState("");
  const [internal, setInternal] = useState(false);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [rating, setRating] = useState("5");
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  // By email from this account ("" = not emailed); null until the agent picks: an email ticket goes by email.
  const [via, setVia] = useState<string | null>(null);
  if (!q.data) return q.error ? <p role="alert">{q.error.message}</p> : <Skeleton />;
  const d: TicketDetail = q.data;

  const run = (p: Promise<unknown>, after?: () => void) => {
    setBusy(true);
    p.then(() => after?.(), toast.error).finally(() => setBusy(false));
  };
  const mailAccounts = accounts.data ?? [];
  const account = via ?? (d.channel === "email" && mailAccounts.length > 0 ? String(mailAccounts[0].id) : "");
  const emailed = !internal && account !== "";
  const send = () => {
    const message = { body, internal, at: null, author: settings.user_name ?? null };
    run(emailed ? api.ticketsReplyEmail(id, message, Number(account)) : api.ticketsReply(id, message), () => {
      setBody("");
      setInternal(false);
    });
  };

  return (
    <article className="ticket-pane" data-testid="ticket-pane" aria-labelledby="ticket-title">
      <header className="ticket-head">
        <p className="muted">
          {d.number} · <a href={`#/people/${d.person_id}`}>{d.person_name ?? t("tickets.unknownPerson")}</a>
          {d.company_id !== null && d.company_name && (
            <>
              {" · "}
              <a href={`#/companies/${d.company_id}`}>{d.company_name}</a>
            </>
          )}
          {" · "}
          {t(`tickets.channel.${d.channel}`)} · {t(`tickets.type.${d.type}`)}
        </p>
        <h2 id="ticket-title">{d.subject}</h2>
        <SlaBadge ticket={d} now={now} />
        <SlaClocks sla={d.sla} now={now} />
      </header>
      <div className="ticket-controls">
        <SelectField label={t("tickets.fields.status")} name="status" value={d.status} disabled={busy} options={options(t, "status", STATUSES.filter((s) => s !== "new" || d.status === "new"))} onChange={(e) => run(api.ticketsSetStatus(id, e.target.value as TicketStatus))} />
        <SelectField label={t("tickets.fields.priority")} name="priority" value={d.priority} disabled={busy} options={options(t, "priority", PRIORITIES)} onChange={(e) => run(api.ticketsSetPriority(id, e.target.value as TicketPriority))} />
        <form
          className="ticket-assign"
          onSubmit={(e) => {
            e.preventDefault();
            run(api.ticketsAssign(id, (assignee ?? d.assignee ?? "").trim() || null), () => setAssignee(null));
          }}
        >
          <TextField label={t("tickets.fields.assignee")} name="assignee" value={assignee ?? d.assignee ?? ""} onChange={(e) => setAssignee(e.target.value)} />
          <button type="submit" className="button" disabled={busy || assignee === null}>
            {t("tickets.assign")}
          </button>
        </form>
      </div>
      <ol className="ticket-conversation" aria-label={t("tickets.conversation")}>
        {d.events.map((e) => (
          <EventItem key={e.id} e={e} />
        ))}
      </ol>
      <form
        className="ticket-composer"
        onSubmit={(e) => {
          e.preventDefault();
          if (body.trim()) send();
        }}
      >
        <TextArea label={internal ? t("tickets.note") : t("tickets.reply")} name="body" rows={4} value={body} onChange={(e) => setBody(e.target.value)} />
        <div className="ticket-composer-actions">
          <label className="checkbox">
            <input type="checkbox" name="internal" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> {t("tickets.internal")}
          </label>
          {!internal && mailAccounts.length > 0 && (
            <SelectField
              label={t("tickets.via")}
              name="via"
              className="ticket-via"
              value={account}
              disabled={busy}
              onChange={(e) => setVia(e.target.value)}
              options={[{ value: "", label: t("tickets.viaApp") }, ...mailAccounts.map((a) => ({ value: String(a.id), label: t("tickets.viaEmail", { address: a.address }) }))]}
            />
          )}
          <button type="submit" className="button button-primary" disabled={busy || !body.trim()} data-testid="ticket-send">
            {internal ? t("tickets.addNote") : emailed ? t("tickets.sendEmail") : t("tickets.send")}
          </button>
        </div>
      </form>
      {!isOpen(d.status) && (
        <form
          className="ticket-rating"
          onSubmit={(e) => {
            e.preventDefault();
            run(api.ticketsRate(id, Number(rating), comment.trim() || null), () => setComment(""));
          }}
        >
          {d.satisfaction !== null && <p>{t("tickets.rated", { rating: d.satisfaction })}</p>}
          <SelectField label={t("tickets.rating")} name="rating" value={rating} onChange={(e) => setRating(e.target.value)} options={["5", "4", "3", "2", "1"].map((v) => ({ value: v, label: v }))} />
          <TextField label={t("tickets.ratingComment")} name="comment" value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="submit" className="button" disabled={busy}>
            {t("tickets.saveRating")}
          </button>
        </form>
      )}
    </article>
  );
}
