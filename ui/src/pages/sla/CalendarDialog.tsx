import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SLA_HOLIDAY_SETS, type Calendar } from "../../bindings";
import { api } from "../../api/client";
import { SelectField, TextArea, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { useToast } from "../../components/Toast";
import { FormDialog, FormSection, useFormSubmit } from "../../forms/FormDialog";
import { useLocale } from "../../i18n";
import { calendarDef, calendarDraft, weekdayName, WEEKDAYS, type CalendarDraft, type Weekday } from "../../lib/slaForms";
import { holidaySetLabel } from "./labels";
import { systemZone, TIME_ZONES as zones } from "../../lib/zones";


/** Adds a business-hours calendar or edits one: zone, weekly hours with breaks, closed dates, public holidays. */
export function CalendarDialog({ calendar, onClose, onSaved }: { calendar: Calendar | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const [draft, setDraft] = useState<CalendarDraft>(() => calendarDraft(calendar, systemZone()));
  const [icsNote, setIcsNote] = useState<string | null>(null);
  const { errors, clear, saving, submit, formRef } = useFormSubmit();
  const set = (patch: Partial<CalendarDraft>, field: string) => {
    setDraft((d) => ({ ...d, ...patch }));
    clear(field);
  };
  const setDay = (day: Weekday, text: string) => {
    setDraft((d) => ({ ...d, hours: { ...d.hours, [day]: text } }));
    clear(`hours.${day}`);
    clear("hours");
  };

  const fromIcs = async () => {
    try {
      const path = await api.pickFile("holidays_ics", null);
      if (!path) return;
      const found = await api.slaHolidaysFromIcs(path);
      setDraft((d) => ({ ...d, holidays: [...new Set([...d.holidays.split(/\s+/).filter(Boolean), ...found.dates])].sort().join("\n") }));
      clear("holidays");
      setIcsNote(t("slaSettings.icsAdded", { count: found.dates.length, skipped: found.skipped }));
    } catch (e) {
      toast.error(e);
    }
  };

  const save = () => {
    const shaped = calendarDef(draft);
    return submit(
      () => ("errors" in shaped ? shaped.errors : {}),
      () => ("def" in shaped ? api.slaCalendarSave(calendar?.id ?? null, shaped.def) : Promise.reject(new Error("unreachable"))),
      onSaved,
    );
  };

  const sets = [{ value: "", label: t("slaSettings.noPublicHolidays") }, ...SLA_HOLIDAY_SETS.map((c) => ({ value: c, label: holidaySetLabel(c, locale) }))];
  return (
    <FormDialog title={calendar ? t("slaSettings.editCalendar") : t("slaSettings.newCalendar")} onClose={onClose} onSubmit={() => void save()} saving={saving} formRef={formRef} size="large">
      <div className="form-grid">
        <TextField label={t("slaSettings.name")} name="name" value={draft.name} error={errors.name} data-autofocus autoComplete="off" onChange={(e) => set({ name: e.target.value }, "name")} />
        <TextField
          label={t("slaSettings.timezone")}
          name="timezone"
          value={draft.timezone}
          error={errors.timezone}
          hint={t("slaSettings.timezoneHint")}
          list="sla-zones"
          autoComplete="off"
          onChange={(e) => set({ timezone: e.target.value }, "timezone")}
        />
        <datalist id="sla-zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      <FormSection title={t("slaSettings.openingHours")}>
        <p className="muted small">{t("slaSettings.hoursHint")}</p>
        {errors.hours && <p className="field-error" role="alert">{t("slaSettings.needsHours")}</p>}
        <div className="sla-hours">
          {WEEKDAYS.map((day) => (
            <TextField
              key={day}
              className="sla-hours-row"
              label={weekdayName(day, locale)}
              name={`hours.${day}`}
              value={draft.hours[day]}
              error={errors[`hours.${day}`]}
              placeholder={t("slaSettings.closed")}
              autoComplete="off"
              onChange={(e) => setDay(day, e.target.value)}
            />
          ))}
        </div>
      </FormSection>
      <FormSection title={t("slaSettings.holidays")}>
        <SelectField label={t("slaSettings.publicHolidays")} name="public_holidays" value={draft.public_holidays} options={sets} error={errors.public_holidays} onChange={(e) => set({ public_holidays: e.target.value }, "public_holidays")} />
        <TextArea label={t("slaSettings.closedDates")} name="holidays" rows={4} value={draft.holidays} error={errors.holidays} hint={t("slaSettings.closedDatesHint")} onChange={(e) => set({ holidays: e.target.value }, "holidays")} />
        <p>
          <button type="button" className="button" onClick={() => void fromIcs()} data-testid="sla-ics">
            <Icon name="upload" /> {t("slaSettings.fromIcs")}
          </button>
        </p>
        {icsNote && (
          <p className="muted small" role="status" data-testid="sla-ics-note">
            {icsNote}
          </p>
        )}
      </FormSection>
    </FormDialog>
  );
}
