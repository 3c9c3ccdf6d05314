import { useState } from "react";
import { useTranslation } from "react-i18next";
import { TEXT_LIMITS, type Activity, type ActivityInput, type ActivityKind, type Direction } from "../bindings";
import type { FieldErrors } from "../api/errors";
import { api } from "../api/client";
import { SelectField, TextArea, TextField } from "../components/Field";
import { fromDateTimeInputs, toDateInput, toTimeInput } from "../lib/dates";
import { tooLong } from "../lib/text";
import { FormDialog, FormSection, useFormSubmit } from "./FormDialog";

export const ACTIVITY_KINDS: ActivityKind[] = ["call", "email", "meeting", "note", "chat", "visit"];

export type ActivityLinks = { person_id?: number | null; company_id?: number | null; deal_id?: number | null };

type Props = { activity?: Activity; links?: ActivityLinks; kind?: ActivityKind; onClose: () => void; onSaved: () => void };

/** Validation of a logged activity: a note needs a body, anything else a subject or a body. */
export function validateActivity(v: { subject: string; body: string; date: string; time: string; duration: string }): FieldErrors {
  const errors: FieldErrors = {};
  if (v.subject.trim() === "" && v.body.trim() === "") errors.body = "required";
  if (tooLong(v.subject.trim(), TEXT_LIMITS.subject)) errors.subject = "too_long";
  if (fromDateTimeInputs(v.date, v.time) === null) errors.occurred_at = "invalid_date";
  if (v.duration.trim() !== "" && !/^\d{1,4}$/.test(v.duration.trim())) errors.duration_secs = "invalid_value";
  return errors;
}

/** The full activity form: the timeline's composer covers quick notes, this one every detail. */
export function ActivityForm({ activity, links, kind, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const now = activity?.occurred_at ?? Date.now();
  const [v, setV] = useState({
    kind: activity?.kind ?? kind ?? "call",
    direction: (activity?.direction ?? "") as Direction | "",
    subject: activity?.subject ?? "",
    body: activity?.body ?? "",
    date: toDateInput(now),
    time: toTimeInput(now),
    duration: activity?.duration_secs != null ? String(Math.round(activity.duration_secs / 60)) : "",
  });
  const { errors, clear, saving, submit, formRef } = useFormSubmit();
  const set = (key: keyof typeof v, value: string, name: string = key) => {
    setV((old) => ({ ...old, [key]: value }));
    clear(name);
  };

  const onSubmit = () =>
    submit(
      () => validateActivity(v),
      () => {
        const input: ActivityInput = {
          kind: v.kind,
          direction: v.direction === "" ? null : v.direction,
          subject: v.subject.trim(),
          body: v.body.trim() === "" ? null : v.body,
          occurred_at: fromDateTimeInputs(v.date, v.time),
          duration_secs: v.duration.trim() === "" ? null : Number(v.duration) * 60,
          person_id: activity?.person_id ?? links?.person_id ?? null,
          company_id: activity?.company_id ?? links?.company_id ?? null,
          deal_id: activity?.deal_id ?? links?.deal_id ?? null,
        };
        return activity ? api.activitiesUpdate(activity.id, input) : api.activitiesCreate(input);
      },
      onSaved,
    );

  return (
    <FormDialog title={activity ? t("activity.edit") : t("activity.new")} onClose={onClose} onSubmit={onSubmit} saving={saving} formRef={formRef}>
      <FormSection>
        <SelectField label={t("fields.kind")} name="kind" value={v.kind} options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activityKind.${k}`) }))} onChange={(e) => set("kind", e.target.value)} />
        <SelectField
          label={t("fields.direction")}
          name="direction"
          value={v.direction}
          options={[{ value: "", label: t("common.none") }, { value: "inbound", label: t("direction.inbound") }, { value: "outbound", label: t("direction.outbound") }]}
          onChange={(e) => set("direction", e.target.value)}
        />
        <TextField label={t("fields.subject")} name="subject" value={v.subject} error={errors.subject} onChange={(e) => set("subject", e.target.value)} className="span-2" data-autofocus />
        <TextArea label={t("fields.body")} name="body" value={v.body} error={errors.body} rows={5} onChange={(e) => set("body", e.target.value)} className="span-2" />
        <TextField label={t("fields.date")} name="occurred_at" type="date" value={v.date} error={errors.occurred_at} onChange={(e) => set("date", e.target.value, "occurred_at")} />
        <TextField label={t("fields.time")} name="occurred_at_time" type="time" value={v.time} onChange={(e) => set("time", e.target.value, "occurred_at")} />
        <TextField label={t("fields.duration")} name="duration_secs" inputMode="numeric" value={v.duration} error={errors.duration_secs} onChange={(e) => set("duration", e.target.value, "duration_secs")} />
      </FormSection>
    </FormDialog>
  );
}
