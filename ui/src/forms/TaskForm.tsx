import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Task } from "../bindings";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { TextArea, TextField } from "../components/Field";
import { RecordPicker, type Picked } from "../components/RecordPicker";
import { fromDateTimeInputs } from "../lib/dates";
import { FormDialog, FormSection, useFormState } from "./FormDialog";
import { RecurrencePicker } from "./RecurrencePicker";
import { ReminderPicker } from "./ReminderPicker";
import { taskFromForm, taskToForm, validateTask, type TaskForm as Form } from "./task";
import { taskTitle } from "../lib/systemEvent";

/** Links a new task starts with, and their titles for the pickers. */
export type TaskLinkDefaults = {
  person?: { id: number; title: string };
  company?: { id: number; title: string };
  deal?: { id: number; title: string };
};

type Props = {
  id?: number;
  links?: TaskLinkDefaults;
  onClose: () => void;
  onSaved: (t: Task, created: boolean) => void;
  /** Offered on a new task for a person: plan a whole cadence instead of one task. */
  onStartCadence?: (person: { id: number; title: string }) => void;
};

const picked = (id: number | null, title: string | null): Picked => (id ? { id, title: title ?? "" } : null);

export function TaskForm({ id, links, onClose, onSaved, onStartCadence }: Props) {
  const { t } = useTranslation();
  const { settings } = useApp();
  const { form, setForm, set, errors, saving, submit, formRef } = useFormState<Form>(id === undefined ? taskToForm(null, {}, settings.user_name ?? "") : null);
  const [person, setPerson] = useState<Picked>(links?.person ?? null);
  const [company, setCompany] = useState<Picked>(links?.company ?? null);
  const [deal, setDeal] = useState<Picked>(links?.deal ?? null);

  useEffect(() => {
    if (id === undefined) return;
    api.tasksGet(id).then((task) => {
      // The app's own follow-up opens with its text in the reader's language; saving makes it theirs.
      setForm(taskToForm({ ...task, title: taskTitle(t, task) }, {}, ""));
      setPerson(picked(task.person_id, task.person_name));
      setCompany(picked(task.company_id, task.company_name));
      setDeal(picked(task.deal_id, task.deal_title));
    }, onClose);
  }, [id]);


  const onSubmit = () =>
    form &&
    submit(
      () => validateTask(form),
      () => {
        const input = taskFromForm({ ...form, person_id: person?.id ?? null, company_id: company?.id ?? null, deal_id: deal?.id ?? null });
        return id === undefined ? api.tasksCreate(input) : api.tasksUpdate(id, input);
      },
      (task) => onSaved(task, id === undefined),
    );

  return (
    <FormDialog title={id === undefined ? t("task.new") : t("task.edit")} onClose={onClose} onSubmit={onSubmit} saving={saving} loading={!form} formRef={formRef}>
      {form && (
        <>
          <FormSection>
            <TextField label={t("fields.title")} name="title" value={form.title} error={errors.title} onChange={(e) => set("title", e.target.value)} data-autofocus autoComplete="off" className="span-2" placeholder={t("task.titlePlaceholder")} />
            {id === undefined && person && onStartCadence && (
              <p className="span-2 small task-cadence-offer">
                <button type="button" className="link-button" data-testid="task-start-cadence" onClick={() => onStartCadence(person)}>
                  {t("cadences.offer")}
                </button>
              </p>
            )}
            <TextField label={t("fields.due_date")} name="due_at" type="date" value={form.due_at} error={errors.due_at} onChange={(e) => set("due_at", e.target.value)} />
            <TextField label={t("fields.due_time")} name="due_at_time" type="time" value={form.due_at_time} error={errors.due_at_time} onChange={(e) => set("due_at_time", e.target.value, "due_at")} />
            <ReminderPicker form={form} set={set} errors={errors} />
            <RecurrencePicker value={form.repeat} due={fromDateTimeInputs(form.due_at, form.due_at_time) ?? Date.now()} timeZone={form.time_zone} errors={errors} onChange={(r, name) => set("repeat", r, name)} />
            <TextArea label={t("fields.notes")} name="notes" value={form.notes} rows={3} onChange={(e) => set("notes", e.target.value)} className="span-2" />
          </FormSection>
          <FormSection title={t("task.links")}>
            <RecordPicker entity="person" label={t("fields.person")} name="person_id" value={person} onChange={setPerson} />
            <RecordPicker entity="company" label={t("fields.company")} name="company_id" value={company} onChange={setCompany} />
            <RecordPicker entity="deal" label={t("fields.deal")} name="deal_id" value={deal} onChange={setDeal} />
            <TextField label={t("fields.owner")} name="owner" value={form.owner} onChange={(e) => set("owner", e.target.value)} />
          </FormSection>
        </>
      )}
    </FormDialog>
  );
}
