import { useTranslation } from "react-i18next";
import type { FieldErrors } from "../api/errors";
import { CheckboxField, SelectField, TextField } from "../components/Field";
import { REMIND_OFFSETS, type RemindChoice } from "../lib/reminders";
import type { TaskForm } from "./task";

type Set = <K extends keyof TaskForm & string>(key: K, value: TaskForm[K], name?: string) => void;

/** "Remind me" (unchecked: no reminder of its own), then at the due time, a preset time before it or a
 * custom date and time. Keeps the remind, remind_at and remind_at_time input names. */
export function ReminderPicker({ form, set, errors }: { form: TaskForm; set: Set; errors: FieldErrors }) {
  const { t } = useTranslation();
  const choices: RemindChoice[] = [...REMIND_OFFSETS, "custom"];
  return (
    <>
      <div className="span-2">
        <CheckboxField label={t("task.remindMe")} name="remind" checked={form.remind} onChange={(v) => set("remind", v, "remind_at")} />
      </div>
      {form.remind && (
        <>
          <SelectField
            label={t("remind.when")}
            name="remind_choice"
            className="span-2"
            value={form.remind_choice}
            options={choices.map((c) => ({ value: c, label: t(`remind.choice.${c}`) }))}
            onChange={(e) => set("remind_choice", e.target.value as RemindChoice, "remind_at")}
          />
          {form.remind_choice === "custom" && (
            <>
              <TextField label={t("fields.remind_date")} name="remind_at" type="date" value={form.remind_at} error={errors.remind_at} onChange={(e) => set("remind_at", e.target.value)} />
              <TextField label={t("fields.remind_time")} name="remind_at_time" type="time" value={form.remind_at_time} onChange={(e) => set("remind_at_time", e.target.value, "remind_at")} />
            </>
          )}
        </>
      )}
    </>
  );
}
