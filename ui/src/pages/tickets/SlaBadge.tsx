import { useTranslation } from "react-i18next";
import type { Ticket } from "../../bindings";
import { Badge } from "../../components/Badge";
import { slaBadge } from "../../lib/sla";
import { isOpen } from "./options";

/** The ticket's SLA state as a badge with the time left or overdue; nothing without a policy. */
export function SlaBadge({ ticket, now }: { ticket: Ticket; now: number }) {
  const { t } = useTranslation();
  const b = slaBadge(t, ticket.sla, isOpen(ticket.status), now);
  if (!b) return null;
  return (
    <span data-testid="sla-badge">
      <Badge tone={b.tone} title={ticket.sla.policy ?? undefined}>
        {b.text}
      </Badge>
    </span>
  );
}
