import { useTranslation } from "react-i18next";
import type { SlaState } from "../../bindings";
import { Badge, type Tone } from "../../components/Badge";
import { slaSpan } from "../../lib/sla";

type Clock = "first_response" | "next_reply" | "resolution";

/** What one clock says: met or missed once stopped, else the time left or overdue, or paused. */
function clockState(t: ReturnType<typeof useTranslation>["t"], sla: SlaState, due: string | null, stopped: string | null, met: boolean | null, now: number): { state: string; tone: Tone; text: string } | null {
  if (stopped !== null && met !== null) return met ? { state: "met", tone: "success", text: t("sla.clockMet") } : { state: "missed", tone: "danger", text: t("sla.clockMissed") };
  if (stopped !== null) return null;
  // Without a due time the clock has no target, or is paused before reaching it (the badge says paused).
  if (due === null) return null;
  const at = Date.parse(due);
  if (at <= now) return { state: "overdue", tone: "danger", text: t("sla.overdue", { time: slaSpan(t, now - at) }) };
  if (sla.paused) return { state: "paused", tone: "neutral", text: t("sla.paused") };
  return { state: "running", tone: sla.breaching_soon ? "warning" : "info", text: t("sla.left", { time: slaSpan(t, at - now) }) };
}

/** Each SLA clock of the ticket with a target (first response, next reply, resolution) and its state. */
export function SlaClocks({ sla, now }: { sla: SlaState; now: number }) {
  const { t } = useTranslation();
  if (!sla.policy) return null;
  const clocks: [Clock, string | null, string | null, boolean | null][] = [
    ["first_response", sla.first_response_due, sla.first_response_at, sla.first_response_met],
    ["next_reply", sla.next_reply_due, sla.next_reply_at, sla.next_reply_met],
    ["resolution", sla.resolution_due, sla.resolved_at, sla.resolution_met],
  ];
  const shown = clocks.flatMap(([clock, due, stopped, met]) => {
    const s = clockState(t, sla, due, stopped, met, now);
    return s ? [{ clock, ...s }] : [];
  });
  if (shown.length === 0) return null;
  return (
    <ul className="sla-clocks" aria-label={sla.policy}>
      {shown.map((c) => (
        <li key={c.clock} data-testid="sla-clock" data-clock={c.clock} data-state={c.state}>
          <span className="muted">{t(`slaSettings.target.${c.clock}`)}</span> <Badge tone={c.tone}>{c.text}</Badge>
        </li>
      ))}
    </ul>
  );
}
