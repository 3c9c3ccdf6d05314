import { useTranslation } from "react-i18next";
import type { Activity, CallOutcome } from "../bindings";
import { formatCallDuration } from "../lib/calls";
import { Badge, type Tone } from "./Badge";
import { Icon } from "./Icon";

const OUTCOME_TONE: Record<CallOutcome, Tone> = { answered: "success", no_answer: "warning", voicemail: "info", busy: "neutral" };

/** A logged call's facts on the timeline: direction icon, outcome, talk and waiting time, agent. */
export function CallFacts({ a }: { a: Activity }) {
  const { t } = useTranslation();
  const c = a.call;
  if (!c) return null;
  return (
    <span className="call-facts" data-testid="call-facts">
      {a.direction && (
        <span className="call-direction" title={t(`calls.directions.${a.direction}`)} aria-label={t(`calls.directions.${a.direction}`)}>
          <Icon name={a.direction === "inbound" ? "callIn" : "callOut"} size={12} />
        </span>
      )}
      <Badge tone={OUTCOME_TONE[c.outcome]}>{t(`calls.outcomes.${c.outcome}`)}</Badge>
      {a.duration_secs !== null && a.duration_secs > 0 && (
        <span className="muted" data-testid="call-talk">
          {formatCallDuration(t, a.duration_secs)}
        </span>
      )}
      {c.wait_secs !== null && <span className="muted">{t("calls.waited", { duration: formatCallDuration(t, c.wait_secs) })}</span>}
      {c.agent && <span className="muted">{c.agent}</span>}
    </span>
  );
}
