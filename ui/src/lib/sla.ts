import type { TFunction } from "i18next";
import type { SlaState } from "../bindings";
import type { Tone } from "../components/Badge";

export type SlaBadgeInfo = { tone: Tone; text: string };

/** A duration as the badge says it: minutes under an hour, hours under a day, then days (rounded down). */
export function slaSpan(t: TFunction, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return t("sla.minutes", { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t("sla.hours", { count: hours });
  return t("sla.days", { count: Math.floor(hours / 24) });
}

/**
 * The SLA badge of a ticket: the running clock that falls due first, as the time left ("nog 25 min") or
 * overdue ("2 Std. überfällig"), in wall-clock time to the due instant the core computed. Null without a
 * policy. A solved ticket says whether every target was met.
 */
export function slaBadge(t: TFunction, sla: SlaState, open: boolean, now: number): SlaBadgeInfo | null {
  if (!sla.policy) return null;
  if (!open) return sla.breached ? { tone: "danger", text: t("sla.missed") } : { tone: "success", text: t("sla.met") };
  if (sla.paused) return { tone: "neutral", text: t("sla.paused") };
  const clocks: [string | null, string | null][] = [
    [sla.first_response_due, sla.first_response_at],
    [sla.next_reply_due, sla.next_reply_at],
    [sla.resolution_due, sla.resolved_at],
  ];
  const running = clocks
    .filter(([due, stopped]) => due !== null && stopped === null)
    .map(([due]) => Date.parse(due as string))
    .sort((a, b) => a - b);
  if (running.length > 0) {
    const due = running[0];
    if (due <= now) return { tone: "danger", text: t("sla.overdue", { time: slaSpan(t, now - due) }) };
    return { tone: sla.breaching_soon ? "warning" : "info", text: t("sla.left", { time: slaSpan(t, due - now) }) };
  }
  return sla.breached ? { tone: "danger", text: t("sla.missed") } : null;
}
