import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CallOutcome, Direction, ErrorCode } from "../bindings";
import { api, toApiError } from "../api/client";
import { CALL_OUTCOMES, DIRECTIONS, formatTimer, parseSeconds } from "../lib/calls";
import { Dialog } from "./Dialog";
import { SelectField, TextArea, TextField } from "./Field";
import { Icon } from "./Icon";
import { useToast } from "./Toast";

export type CallTarget = { personId: number | null; companyId: number | null; name: string };

type Props = {
  target: CallTarget;
  /** The number dialled (from a `tel:` link) or calling. */
  number?: string;
  /** Opened by dialling: the timer runs from the start and the call is outbound. */
  dialled?: boolean;
  onClose: () => void;
};

/**
 * Logs a phone call on the timeline: direction, outcome, talk time (filled by the timer's stop), waiting time
 * for inbound calls, and a note. The core checks every value; its field errors show at the fields.
 */
export function CallLogDialog({ target, number, dialled = false, onClose }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [startedAt, setStartedAt] = useState<number | null>(dialled ? Date.now() : null);
  const [endedAt, setEndedAt] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const running = startedAt !== null && endedAt === null;
  const [direction, setDirection] = useState<Direction>("outbound");
  const [outcome, setOutcome] = useState<CallOutcome>("answered");
  const [talk, setTalk] = useState("");
  const [wait, setWait] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, ErrorCode>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [running]);

  const elapsed = startedAt === null ? 0 : Math.max(0, Math.round(((endedAt ?? now) - startedAt) / 1000));
  const start = () => {
    const at = Date.now();
    setStartedAt(at);
    setEndedAt(null);
    setNow(at);
  };
  const stop = () => {
    const at = Date.now();
    setEndedAt(at);
    setTalk(String(Math.round((at - (startedAt ?? at)) / 1000)));
  };

  const save = () => {
    setBusy(true);
    const input = {
      person_id: target.personId,
      company_id: target.personId === null ? target.companyId : null,
      direction,
      outcome,
      talk_secs: parseSeconds(talk) ?? (running ? elapsed : null),
      wait_secs: direction === "inbound" ? parseSeconds(wait) : null,
      agent: null,
      number: number ?? null,
      at: startedAt,
      note: note.trim() || null,
    };
    api.callsLog(input).then(
      () => {
        toast.show(t("calls.logged", { name: target.name }));
        onClose();
      },
      (e) => {
        const err = toApiError(e);
        setErrors({ [err.field ?? "note"]: err.code });
        setBusy(false);
      },
    );
  };

  return (
    <Dialog
      title={t("calls.logTitle", { name: target.name })}
      onClose={onClose}
      testId="call-log-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form="call-log-form" className="button button-primary" disabled={busy} data-testid="save-call">
            {t("calls.save")}
          </button>
        </>
      }
    >
      <form
        id="call-log-form"
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="call-timer" role="group" aria-label={t("calls.timer")}>
          <Icon name="clock" />
          <output className="call-timer-reading" data-testid="call-timer" aria-live="off">
            {formatTimer(elapsed)}
          </output>
          {running ? (
            <button type="button" className="button" onClick={stop} data-testid="call-stop">
              {t("calls.stop")}
            </button>
          ) : (
            <button type="button" className="button" onClick={start} data-testid="call-start">
              {t("calls.start")}
            </button>
          )}
          {number && <span className="muted">{number}</span>}
        </div>
        <SelectField
          label={t("calls.direction")}
          name="direction"
          value={direction}
          options={DIRECTIONS.map((d) => ({ value: d, label: t(`calls.directions.${d}`) }))}
          onChange={(e) => setDirection(e.target.value as Direction)}
        />
        <SelectField
          label={t("calls.outcome")}
          name="outcome"
          value={outcome}
          options={CALL_OUTCOMES.map((o) => ({ value: o, label: t(`calls.outcomes.${o}`) }))}
          onChange={(e) => setOutcome(e.target.value as CallOutcome)}
        />
        <TextField label={t("calls.talkSecs")} name="talk_secs" type="number" inputMode="numeric" value={talk} error={errors.talk_secs} onChange={(e) => setTalk(e.target.value)} />
        <TextField
          label={t("calls.waitSecs")}
          name="wait_secs"
          type="number"
          inputMode="numeric"
          value={direction === "inbound" ? wait : ""}
          disabled={direction !== "inbound"}
          hint={direction !== "inbound" ? t("calls.waitInboundOnly") : undefined}
          error={errors.wait_secs}
          onChange={(e) => setWait(e.target.value)}
        />
        <TextArea label={t("calls.note")} name="note" rows={3} value={note} error={errors.note ?? errors.person_id} onChange={(e) => setNote(e.target.value)} />
      </form>
    </Dialog>
  );
}
