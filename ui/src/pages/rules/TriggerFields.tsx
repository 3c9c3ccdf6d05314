import { useTranslation } from "react-i18next";
import { RULE_FORM, type ErrorCode, type RuleEntity, type Trigger } from "../../bindings";
import { CheckboxField, SelectField, TextField, type Option } from "../../components/Field";
import { stageName } from "../../lib/labels";
import { defaultTrigger, TRIGGER_KINDS, type Firsts, type TriggerKind } from "../../lib/ruleForm";
import type { RuleOptions } from "./useRuleOptions";

type Props = {
  trigger: Trigger;
  onChange: (t: Trigger, field?: string) => void;
  errors: Partial<Record<string, ErrorCode>>;
  options: RuleOptions;
  firsts: Firsts;
  /** A built-in rule keeps its trigger. */
  locked: boolean;
};

/** A number input's value: NaN while it is empty, so the form's check says so. */
export const num = (v: string) => (v.trim() === "" ? NaN : Number(v));
export const numText = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "" : String(n));

/**
 * "When": the trigger kind and the inputs that kind has, as cells of the section's grid. Input names are the
 * paths the core's errors name.
 */
export function TriggerFields({ trigger: tr, onChange, errors, options, firsts, locked }: Props) {
  const { t } = useTranslation();
  const fieldLabel = (f: string) => t(`fields.${f}`, { defaultValue: f });
  const entityOptions = (list: readonly RuleEntity[]): Option[] => list.map((e) => ({ value: e, label: t(`entity.${e}`) }));
  const stages = options.pipelines.flatMap((p) => p.stages.map((s) => ({ value: s.system_key ?? s.name, label: options.pipelines.length > 1 ? `${p.name}: ${stageName(t, s)}` : stageName(t, s) })));
  const anyStage: Option[] = [{ value: "", label: t("rules.form.anyStage") }, ...stages];
  const entity = (list: readonly RuleEntity[], value: RuleEntity, set: (e: RuleEntity) => void) => (
    <SelectField label={t("rules.form.entity")} name="trigger.entity" value={value} error={errors["trigger.entity"]} disabled={locked} options={entityOptions(list)} onChange={(e) => set(e.target.value as RuleEntity)} />
  );
  const fieldsOf = (e: RuleEntity) => options.watched[e] ?? [];

  const body = () => {
    switch (tr.type) {
      case "record_created":
      case "record_deleted":
        return entity(RULE_FORM.entities, tr.entity, (e) => onChange({ ...tr, entity: e }));
      case "record_updated":
        return (
          <>
            {entity(RULE_FORM.entities, tr.entity, (e) => onChange({ ...tr, entity: e, fields: [] }))}
            <SelectField
              label={t("rules.form.onlyFields")}
              hint={t("rules.form.onlyFieldsHint")}
              name="trigger.fields"
              multiple
              size={4}
              disabled={locked}
              value={tr.fields ?? []}
              options={fieldsOf(tr.entity).map((f) => ({ value: f, label: fieldLabel(f) }))}
              onChange={(e) => onChange({ ...tr, fields: Array.from(e.target.selectedOptions, (o) => o.value) })}
            />
          </>
        );
      case "field_changed": {
        const values = valuesOf(tr.field);
        return (
          <>
            {entity(RULE_FORM.entities, tr.entity, (e) => onChange({ ...tr, entity: e, field: fieldsOf(e)[0] ?? "" }))}
            <SelectField label={t("rules.form.field")} name="trigger.field" value={tr.field} error={errors["trigger.field"]} disabled={locked} options={withCurrent(fieldsOf(tr.entity), tr.field).map((f) => ({ value: f, label: fieldLabel(f) }))} onChange={(e) => onChange({ ...tr, field: e.target.value }, "trigger.field")} />
            <TextField label={t("rules.form.from")} name="trigger.from" value={tr.from ?? ""} placeholder={t("rules.form.anyValue")} list={values ? "rule-values" : undefined} disabled={locked} onChange={(e) => onChange({ ...tr, from: e.target.value })} />
            <TextField label={t("rules.form.to")} name="trigger.to" value={tr.to ?? ""} placeholder={t("rules.form.anyValue")} list={values ? "rule-values" : undefined} disabled={locked} onChange={(e) => onChange({ ...tr, to: e.target.value })} />
            {values && (
              <datalist id="rule-values">
                {values.map((v) => (
                  <option key={v} value={v} />
                ))}
              </datalist>
            )}
          </>
        );
      }
      case "deal_stage_changed":
        return (
          <>
            <SelectField label={t("rules.form.fromStage")} name="trigger.from" value={tr.from ?? ""} disabled={locked} options={anyStage} onChange={(e) => onChange({ ...tr, from: e.target.value || null })} />
            <SelectField label={t("rules.stage")} name="trigger.to" value={tr.to ?? ""} disabled={locked} options={anyStage} onChange={(e) => onChange({ ...tr, to: e.target.value || null })} />
          </>
        );
      case "score_band_entered":
        return <SelectField label={t("rules.form.band")} name="trigger.band" value={tr.band} disabled={locked} options={RULE_FORM.bands.map((b) => ({ value: b, label: t(`scoring.band.${b}`) }))} onChange={(e) => onChange({ ...tr, band: e.target.value })} />;
      case "schedule":
        return (
          <>
            <TextField label={t("rules.form.at")} name="trigger.at" type="time" value={tr.at} error={errors["trigger.at"]} disabled={locked} onChange={(e) => onChange({ ...tr, at: e.target.value }, "trigger.at")} />
            <TextField label={t("rules.form.timeZone")} name="trigger.time_zone" value={tr.time_zone ?? ""} placeholder="UTC" error={errors["trigger.time_zone"]} disabled={locked} onChange={(e) => onChange({ ...tr, time_zone: e.target.value }, "trigger.time_zone")} />
            <CheckboxField label={t("rules.form.weekdaysOnly")} name="trigger.weekdays_only" checked={tr.weekdays_only ?? false} onChange={(v) => !locked && onChange({ ...tr, weekdays_only: v })} />
          </>
        );
      case "no_activity_days":
        return (
          <>
            {entity(RULE_FORM.time_entities, tr.entity, (e) => onChange({ ...tr, entity: e }))}
            <TextField label={t("rules.form.quietDays")} name="trigger.days" type="number" min={1} max={RULE_FORM.max_quiet_days} value={numText(tr.days)} error={errors["trigger.days"]} disabled={locked} onChange={(e) => onChange({ ...tr, days: num(e.target.value) }, "trigger.days")} />
          </>
        );
      case "sla_warning":
        return (
          <SelectField
            label={t("rules.form.level")}
            name="trigger.level"
            value={tr.level ?? ""}
            disabled={locked}
            options={[{ value: "", label: t("rules.form.eitherLevel") }, ...RULE_FORM.sla_levels.map((l) => ({ value: l, label: t(`rules.form.sla.${l}`) }))]}
            onChange={(e) => onChange({ ...tr, level: e.target.value === "" ? null : (e.target.value as (typeof RULE_FORM.sla_levels)[number]) })}
          />
        );
      case "date_reached": {
        const dates = dateFields(tr.entity);
        return (
          <>
            {entity(RULE_FORM.time_entities, tr.entity, (e) => onChange({ ...tr, entity: e, field: dateFields(e)[0]?.value ?? "" }))}
            <SelectField label={t("rules.form.dateField")} name="trigger.field" value={tr.field} error={errors["trigger.field"]} disabled={locked} options={dates.some((d) => d.value === tr.field) ? dates : [...dates, { value: tr.field, label: tr.field }]} onChange={(e) => onChange({ ...tr, field: e.target.value }, "trigger.field")} />
            <TextField label={t("rules.form.daysBefore")} hint={t("rules.form.daysBeforeHint")} name="trigger.days_before" type="number" min={-RULE_FORM.max_date_days} max={RULE_FORM.max_date_days} value={numText(tr.days_before ?? 0)} error={errors["trigger.days_before"]} disabled={locked} onChange={(e) => onChange({ ...tr, days_before: num(e.target.value) }, "trigger.days_before")} />
          </>
        );
      }
      case "email_received":
        return <CheckboxField label={t("rules.form.repliedOnly")} name="trigger.replied" checked={tr.replied ?? false} onChange={(v) => !locked && onChange({ ...tr, replied: v })} />;
      case "signup_imported":
        return <p className="muted small span-2">{t("rules.form.signupHint")}</p>;
    }
  };

  const dateFields = (e: RuleEntity): Option[] => [
    ...((RULE_FORM.date_columns as Partial<Record<string, readonly string[]>>)[e] ?? []).map((c) => ({ value: c, label: fieldLabel(c) })),
    ...options.customFields.filter((f) => f.entity === e && f.kind === "date").map((f) => ({ value: f.key, label: f.label })),
  ];

  return (
    <>
      <SelectField
        label={t("rules.when")}
        name="trigger.type"
        value={tr.type}
        disabled={locked}
        hint={locked ? t("rules.form.builtinTrigger") : undefined}
        options={TRIGGER_KINDS.map((k) => ({ value: k, label: t(`rules.trigger.${k}`) }))}
        onChange={(e) => onChange(defaultTrigger(e.target.value as TriggerKind, firsts))}
      />
      {body()}
    </>
  );
}

/** The values a field takes, when the core lists them (lifecycle, lead status, priority). */
function valuesOf(field: string): readonly string[] | null {
  if (field === "lifecycle") return RULE_FORM.lifecycles;
  if (field === "lead_status") return RULE_FORM.lead_statuses;
  if (field === "priority") return RULE_FORM.priorities;
  return null;
}

const withCurrent = (list: string[], current: string) => (current === "" || list.includes(current) ? list : [...list, current]);
