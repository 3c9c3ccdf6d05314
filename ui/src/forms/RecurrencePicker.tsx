import { useTranslation } from "react-i18next";
import type { FieldErrors } from "../api/errors";
import { inlineMessage } from "../api/errors";
import { SelectField, TextField } from "../components/Field";
import { useLocale } from "../i18n";
import { REPEAT_LIMITS } from "../bindings";
import { api } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { formatDateTime } from "../lib/dates";
import { describeRRule, weekdayName, weekdayOf, WEEKDAYS, type Freq, type Weekday } from "../lib/rrule";
import { emptyRepeat, repeatFromForm, type EndKind, type RepeatForm, type RepeatMode } from "./repeat";

const MODES: RepeatMode[] = ["none", "daily", "weekly", "monthly", "interval"];
const UNITS: Freq[] = ["DAILY", "WEEKLY", "MONTHLY"];
const ENDS: EndKind[] = ["never", "count", "until"];

type Props = {
  value: RepeatForm;
  due: number;
  /** The task's IANA zone; the core computes the dates on its wall clock. */
  timeZone: string | null;
  errors: FieldErrors;
  /** `name` is the input whose error the change clears. */
  onChange: (next: RepeatForm, name: string) => void;
};

/** None, daily, weekly on chosen weekdays, monthly on the due date's day, or every N days/weeks/months,
 * with an optional end. A rule it cannot show stays as read-only text until replaced. The server's error for
 * `repeat` shows at the first select. */
export function RecurrencePicker({ value: f, due, timeZone, errors, onChange }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const set = <K extends keyof RepeatForm>(key: K, v: RepeatForm[K], name = `repeat_${key}`) => onChange({ ...f, [key]: v }, name);

  if (f.raw !== null) {
    return (
      <div className="field span-2 repeat-raw">
        <span className="field-label">{t("repeat.label")}</span>
        <div className="repeat-raw-row">
          <code className="repeat-raw-text" title={describeRRule(f.rawRule, t, locale)}>{f.raw}</code>
          <button type="button" className="button" onClick={() => onChange(emptyRepeat(due), "repeat")}>
            {t("repeat.replace")}
          </button>
        </div>
        <p className="field-hint">{t("repeat.rawHint")}</p>
        <NextDates form={f} due={due} timeZone={timeZone} />
        {errors.repeat && <p className="field-error" role="alert" data-testid="error-repeat">{inlineMessage(t, errors.repeat)}</p>}
      </div>
    );
  }

  const freq = f.mode === "interval" ? f.unit : f.mode.toUpperCase();
  const day = new Date(due).getDate();
  return (
    <>
      <SelectField
        label={t("repeat.label")}
        name="repeat"
        value={f.mode}
        error={errors.repeat}
        options={MODES.map((m) => ({ value: m, label: t(`repeat.mode.${m}`, { day }) }))}
        onChange={(e) => onChange({ ...f, mode: e.target.value as RepeatMode, days: f.mode === "none" ? [weekdayOf(due)] : f.days }, "repeat")}
      />
      {f.mode === "interval" ? (
        <div className="repeat-interval">
          <TextField label={t("repeat.every")} name="repeat_interval" type="number" min={1} max={REPEAT_LIMITS.max_interval} value={f.interval} error={errors.repeat_interval} onChange={(e) => set("interval", e.target.value)} />
          <SelectField
            label={t("repeat.unit")}
            name="repeat_unit"
            value={f.unit}
            options={UNITS.map((u) => ({ value: u, label: t(`repeat.units.${u}`, { count: Number(f.interval) || 2 }) }))}
            onChange={(e) => set("unit", e.target.value as Freq, "repeat_days")}
          />
        </div>
      ) : (
        <div />
      )}
      {freq === "WEEKLY" && (
        <fieldset className="field span-2 weekday-picker" aria-invalid={errors.repeat_days ? true : undefined}>
          <legend className="field-label">{t("repeat.onDays")}</legend>
          <div className="weekday-options">
            {WEEKDAYS.map((d) => (
              <label key={d} className="weekday-option" title={weekdayName(d, locale, "long")}>
                <input
                  type="checkbox"
                  name="repeat_days"
                  value={d}
                  checked={f.days.includes(d)}
                  onChange={(e) => set("days", e.target.checked ? [...f.days, d] : f.days.filter((x: Weekday) => x !== d))}
                />
                <span>{weekdayName(d, locale)}</span>
              </label>
            ))}
          </div>
          {errors.repeat_days && <p className="field-error" role="alert">{inlineMessage(t, errors.repeat_days)}</p>}
        </fieldset>
      )}
      {freq === "MONTHLY" && <p className="field-hint span-2">{t("repeat.monthlyHint", { day })}</p>}
      {f.mode !== "none" && (
        <>
          <SelectField label={t("repeat.ends")} name="repeat_end" value={f.end} options={ENDS.map((e) => ({ value: e, label: t(`repeat.end.${e}`) }))} onChange={(e) => set("end", e.target.value as EndKind)} />
          {f.end === "count" && <TextField label={t("repeat.times")} name="repeat_count" type="number" min={1} max={REPEAT_LIMITS.max_count} value={f.count} error={errors.repeat_count} onChange={(e) => set("count", e.target.value)} />}
          {f.end === "until" && <TextField label={t("repeat.untilDate")} name="repeat_until" type="date" value={f.until} error={errors.repeat_until} onChange={(e) => set("until", e.target.value)} />}
          {f.end === "never" && <div />}
          <NextDates form={f} due={due} timeZone={timeZone} />
        </>
      )}
    </>
  );
}

/** The rule as the core reads it: its next dates, or the core's reason to refuse it. */
function NextDates({ form, due, timeZone }: { form: RepeatForm; due: number; timeZone: string | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  let rule: string | null = null;
  try {
    rule = repeatFromForm(form, due);
  } catch {
    // An incomplete picker state: its own inputs show what is missing.
  }
  const preview = useQuery(
    () => (rule ? api.repeatPreview(rule, due, timeZone, 3) : Promise.resolve(null)),
    `${rule}|${due}|${timeZone}`,
    [],
  );
  if (!rule) return null;
  if (preview.error) {
    return <p className="field-error span-2" role="alert" data-testid="repeat-invalid">{inlineMessage(t, preview.error.code)}</p>;
  }
  if (!preview.data) return null;
  const dates = new Intl.ListFormat(locale, { style: "short", type: "conjunction" }).format(preview.data.next.map((ms) => formatDateTime(ms, locale)));
  return <p className="field-hint span-2" data-testid="repeat-next">{t("repeat.next", { dates })}</p>;
}
