import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { RULE_FORM, type Rule, type RulePreview } from "../../bindings";
import { api } from "../../api/client";
import { CheckboxField, TextField } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { SegmentBuilder } from "../../components/SegmentBuilder";
import { FormDialog, FormSection, useFormSubmit } from "../../forms/FormDialog";
import { useLocale } from "../../i18n";
import { formatDateTime } from "../../lib/dates";
import { defaultAction, draftOf, moveAction, row, ruleDefOf, validateDraft, type RuleDraft } from "../../lib/ruleForm";
import { ActionFields } from "./ActionFields";
import { TriggerFields } from "./TriggerFields";
import { firstsOf, useRuleOptions } from "./useRuleOptions";

type Props = { rule: Rule | null; onClose: () => void; onSaved: (r: Rule) => void };

/** Adds a rule or edits one (a built-in one keeps its trigger): when, only for whom, what to do, and a preview. */
export function RuleForm({ rule, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const options = useRuleOptions();
  const firsts = firstsOf(options);
  const [d, setD] = useState<RuleDraft>(() => draftOf(t, rule, firsts));
  const [preview, setPreview] = useState<RulePreview | null>(null);
  const { errors, clear, saving, submit, formRef } = useFormSubmit();
  const set = (patch: Partial<RuleDraft>, field?: string) => {
    setD((x) => ({ ...x, ...patch }));
    setPreview(null);
    if (field) clear(field);
  };
  // The first stage is known only once the pipelines load: a new rule's "moves to" takes it then.
  const firstStage = firsts.stage;
  useEffect(() => {
    if (!rule && firstStage) setD((x) => (x.trigger.type === "deal_stage_changed" && x.trigger.to === null ? { ...x, trigger: { ...x.trigger, to: firstStage } } : x));
  }, [rule, firstStage]);

  const save = () =>
    submit(
      () => validateDraft(d),
      () => (rule ? api.rulesUpdate(rule.id, ruleDefOf(t, d, rule)) : api.rulesAdd(ruleDefOf(t, d))),
      onSaved,
    );
  const check = () => submit(() => validateDraft(d), () => api.rulesPreview(ruleDefOf(t, d, rule)), setPreview);
  // Errors are keyed by an action's place: after a move or removal they would point at another row.
  const resetErrors = () => Object.keys(errors).forEach(clear);

  const owners = [options.settings?.user_name].filter((x): x is string => !!x);
  return (
    <FormDialog title={rule ? t("rules.form.editTitle") : t("rules.form.newTitle")} onClose={onClose} onSubmit={() => void save()} saving={saving} formRef={formRef} size="large">
      <div className="form-grid" data-testid="rule-form">
        <TextField className="span-2" label={t("rules.form.name")} name="name" value={d.name} error={errors.name} data-autofocus autoComplete="off" onChange={(e) => set({ name: e.target.value }, "name")} />
      </div>
      <FormSection title={t("rules.when")}>
        <TriggerFields trigger={d.trigger} onChange={(trigger, field) => set({ trigger }, field)} errors={errors} options={options} firsts={firsts} locked={!!rule?.builtin} />
      </FormSection>
      <FormSection title={t("rules.form.conditions")}>
        <div className="span-2">
          <CheckboxField label={t("rules.onlyFor")} name="only-for" checked={d.onlyFor} onChange={(v) => set({ onlyFor: v })} />
          {d.onlyFor && options.filterFields && <SegmentBuilder root={d.root} fields={options.filterFields} onChange={(root) => set({ root })} error={null} />}
        </div>
      </FormSection>
      <FormSection title={t("rules.form.actions")}>
        <div className="span-2">
          {errors.actions && (
            <p className="field-error" role="alert" data-testid="error-actions">
              {t("rules.form.needsAction")}
            </p>
          )}
          <div className="rule-actions">
            {d.actions.map((r, i) => (
              <ActionFields
                key={r.key}
                action={r.action}
                index={i}
                count={d.actions.length}
                trigger={d.trigger}
                errors={errors}
                options={options}
                firsts={firsts}
                onChange={(action, field) => set({ actions: d.actions.map((x, j) => (j === i ? { ...x, action } : x)) }, field)}
                onMove={(by) => (resetErrors(), set({ actions: moveAction(d.actions, i, by) }))}
                onRemove={() => (resetErrors(), set({ actions: d.actions.filter((_, j) => j !== i) }))}
              />
            ))}
          </div>
          <button type="button" className="button" disabled={d.actions.length >= RULE_FORM.max_actions} onClick={() => set({ actions: [...d.actions, row(defaultAction("create_task", d.trigger, firsts))] }, "actions")} data-testid="rule-action-add">
            <Icon name="plus" /> {t("rules.form.addAction")}
          </button>
          <datalist id="rule-owners">
            {owners.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        </div>
      </FormSection>
      <FormSection title={t("rules.previewButton")}>
        <div className="span-2">
          <div className="rule-preview-row">
            <button type="button" className="button" disabled={saving} onClick={() => void check()} data-testid="rule-preview-button">
              {t("rules.form.previewRun")}
            </button>
            {preview && (
              <span className="muted small" data-testid="rule-preview">
                {t("rules.preview", { count: preview.matched, days: preview.days })}
              </span>
            )}
          </div>
          {preview && preview.examples.length > 0 && (
            <ul className="rule-preview-examples" data-testid="rule-preview-examples">
              {preview.examples.map((m) => (
                <li key={`${m.entity}-${m.record_id}`}>
                  {t("rules.record", { entity: t(`entity.${m.entity}`, { defaultValue: m.entity }), id: m.record_id })} <span className="muted small">{formatDateTime(m.at, locale)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </FormSection>
    </FormDialog>
  );
}
