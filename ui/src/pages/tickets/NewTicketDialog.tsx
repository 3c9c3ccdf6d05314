import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ErrorCode, TicketChannel, TicketPriority, TicketType } from "../../bindings";
import { api, toApiError } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { SelectField, TextArea, TextField } from "../../components/Field";
import { RecordPicker, type Picked } from "../../components/RecordPicker";
import { CHANNELS, options, PRIORITIES, TYPES } from "./options";

/** Opens a ticket for a person (optionally given, from the person's page). */
export function NewTicketDialog({ person, onClose, onCreated }: { person?: Picked; onClose: () => void; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const [subject, setSubject] = useState("");
  const [description, setDescription] = useState("");
  const [requester, setRequester] = useState<Picked>(person ?? null);
  const [priority, setPriority] = useState<TicketPriority>("normal");
  const [kind, setKind] = useState<TicketType>("question");
  const [channel, setChannel] = useState<TicketChannel>("email");
  const [assignee, setAssignee] = useState("");
  const [errors, setErrors] = useState<Record<string, ErrorCode>>({});
  const [busy, setBusy] = useState(false);

  const save = () => {
    if (!requester) return setErrors({ person_id: "required" });
    setBusy(true);
    const input = { subject, description: description.trim() || null, person_id: requester.id, priority, type: kind, channel, assignee: assignee.trim() || null, tags: [], deal_id: null, at: null };
    api.ticketsCreate(input).then(
      (d) => onCreated(d.id),
      (e) => {
        const err = toApiError(e);
        setErrors({ [err.field ?? "subject"]: err.code });
        setBusy(false);
      },
    );
  };

  return (
    <Dialog
      title={t("tickets.new")}
      onClose={onClose}
      testId="new-ticket-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" form="new-ticket-form" className="button button-primary" disabled={busy} data-testid="save-ticket">
            {t("tickets.create")}
          </button>
        </>
      }
    >
      <form
        id="new-ticket-form"
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <TextField label={t("tickets.fields.subject")} name="subject" value={subject} error={errors.subject} onChange={(e) => setSubject(e.target.value)} autoFocus />
        <RecordPicker entity="person" label={t("tickets.fields.requester")} name="person_id" value={requester} onChange={setRequester} />
        {errors.person_id && <p className="field-error" role="alert">{t("tickets.requesterRequired")}</p>}
        <TextArea label={t("tickets.fields.description")} name="description" rows={4} value={description} error={errors.description} onChange={(e) => setDescription(e.target.value)} />
        <SelectField label={t("tickets.fields.priority")} name="priority" value={priority} options={options(t, "priority", PRIORITIES)} onChange={(e) => setPriority(e.target.value as TicketPriority)} />
        <SelectField label={t("tickets.fields.type")} name="type" value={kind} options={options(t, "type", TYPES)} onChange={(e) => setKind(e.target.value as TicketType)} />
        <SelectField label={t("tickets.fields.channel")} name="channel" value={channel} options={options(t, "channel", CHANNELS)} onChange={(e) => setChannel(e.target.value as TicketChannel)} />
        <TextField label={t("tickets.fields.assignee")} name="assignee" value={assignee} error={errors.assignee} onChange={(e) => setAssignee(e.target.value)} />
      </form>
    </Dialog>
  );
}
