import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { Badge } from "../../components/Badge";
import { SideSection } from "../../components/RecordLayout";
import { useQuery } from "../../hooks/useQuery";
import { navigate } from "../../lib/router";
import { NewTicketDialog } from "./NewTicketDialog";
import { SlaBadge } from "./SlaBadge";

/** A person's tickets on their page, newest first, with a button to open one for them. */
export function PersonTickets({ personId, name }: { personId: number; name: string }) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  const q = useQuery(() => api.ticketsList({ status: null, breaching: false, person_id: personId, assignee: null, limit: 50, after: null, search: null }), `tickets-${personId}`, ["ticket"]);
  const rows = q.data ?? [];
  return (
    <SideSection
      title={t("tickets.title")}
      action={
        <button type="button" className="button" onClick={() => setCreating(true)} data-testid="person-new-ticket">
          {t("tickets.new")}
        </button>
      }
    >
      {rows.length === 0 ? (
        <p className="muted small">{t("tickets.noneForPerson")}</p>
      ) : (
        <ul className="person-tickets" data-testid="person-tickets">
          {rows.map((r) => (
            <li key={r.id}>
              <a href={`#/tickets/${r.id}`}>
                <span className="muted">{r.number}</span> {r.subject}
              </a>{" "}
              <Badge tone="neutral">{t(`tickets.status.${r.status}`)}</Badge> <SlaBadge ticket={r} now={now} />
            </li>
          ))}
        </ul>
      )}
      {creating && (
        <NewTicketDialog
          person={{ id: personId, title: name }}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate({ page: "tickets", id });
          }}
        />
      )}
    </SideSection>
  );
}
