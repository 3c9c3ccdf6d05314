import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Cadence } from "../bindings";
import { api } from "../api/client";
import { SelectField, TextField } from "../components/Field";
import { Icon } from "../components/Icon";
import { emptyStep, fromDraft, MAX_OFFSET_DAYS, MAX_STEPS, STEP_KINDS, toDraft, validateCadence, type CadenceDraft, type StepDraft } from "../lib/cadence";
import { useFormSubmit } from "./FormDialog";

type Props = { cadence: Cadence | null; onSaved: (c: Cadence) => void; onCancel: () => void };

/**
 * Name and ordered steps of one cadence. Inputs are named like the core's fields (`steps.1.title`), so a
 * core error lands at the step it is about.
 */
export function CadenceEditor({ cadence, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<CadenceDraft>(() => toDraft(cadence));
  const { errors, clear, saving, submit, formRef } = useFormSubmit();

  const setStep = (i: number, patch: Partial<StepDraft>, field: keyof StepDraft) => {
    setDraft((d) => ({ ...d, steps: d.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
    clear(`steps.${i}.${field}`);
  };
  // Indexes shift when a step goes, so errors of later steps would point at the wrong row.
  const clearSteps = () => Object.keys(errors).filter((k) => k.startsWith("steps")).forEach(clear);
  const addStep = () => setDraft((d) => ({ ...d, steps: [...d.steps, emptyStep(d.steps[d.steps.length - 1])] }));
  const removeStep = (i: number) => {
    clearSteps();
    setDraft((d) => ({ ...d, steps: d.steps.filter((_, j) => j !== i) }));
  };

  const save = () =>
    submit(
      () => validateCadence(draft),
      () => (cadence ? api.cadencesUpdate(cadence.id, fromDraft(draft)) : api.cadencesCreate(fromDraft(draft))),
      onSaved,
    );

  return (
    <form
      ref={formRef}
      className="cadence-editor"
      data-testid="cadence-editor"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <TextField label={t("cadences.name")} name="name" value={draft.name} error={errors.name} data-autofocus autoComplete="off" onChange={(e) => (setDraft((d) => ({ ...d, name: e.target.value })), clear("name"))} />
      <div className="cadence-steps" role="group" aria-label={t("cadences.steps")}>
        <div className="cadence-step cadence-step-head" aria-hidden="true">
          <span>{t("fields.offset_days")}</span>
          <span>{t("fields.kind")}</span>
          <span>{t("fields.title")}</span>
        </div>
        {draft.steps.map((s, i) => {
          const n = i + 1;
          return (
            <div key={i} className="cadence-step" data-testid="cadence-step">
              <TextField
                hideLabel
                label={t("cadences.stepField", { n, field: t("fields.offset_days") })}
                name={`steps.${i}.offset_days`}
                type="number"
                inputMode="numeric"
                min={0}
                max={MAX_OFFSET_DAYS}
                value={s.offset_days}
                error={errors[`steps.${i}.offset_days`]}
                onChange={(e) => setStep(i, { offset_days: e.target.value }, "offset_days")}
              />
              <SelectField
                hideLabel
                label={t("cadences.stepField", { n, field: t("fields.kind") })}
                name={`steps.${i}.kind`}
                value={s.kind}
                options={STEP_KINDS.map((k) => ({ value: k, label: t(`activityKind.${k}`) }))}
                onChange={(e) => setStep(i, { kind: e.target.value as StepDraft["kind"] }, "kind")}
              />
              <TextField
                hideLabel
                label={t("cadences.stepField", { n, field: t("fields.title") })}
                name={`steps.${i}.title`}
                value={s.title}
                error={errors[`steps.${i}.title`]}
                placeholder={t("cadences.titlePlaceholder")}
                autoComplete="off"
                onChange={(e) => setStep(i, { title: e.target.value }, "title")}
              />
              <button type="button" className="icon-button danger" disabled={draft.steps.length === 1} aria-label={t("cadences.removeStep", { n })} title={t("cadences.removeStep", { n })} onClick={() => removeStep(i)}>
                <Icon name="trash" size={14} />
              </button>
            </div>
          );
        })}
      </div>
      <p className="muted small">{t("cadences.stepsHint")}</p>
      <div className="cadence-editor-actions">
        <button type="button" className="button" disabled={draft.steps.length >= MAX_STEPS} onClick={addStep} data-testid="cadence-add-step">
          <Icon name="plus" /> {t("cadences.addStep")}
        </button>
        <span className="spacer" />
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="button button-primary" disabled={saving} data-testid="cadence-save">
          {saving ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </form>
  );
}
