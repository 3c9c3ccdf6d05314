import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SCORING_WORDS, type RuleOp, type ScoringRule } from "../bindings";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { SelectField, TextField } from "../components/Field";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toast";
import { useFormSubmit } from "../forms/FormDialog";
import type { FieldErrors } from "../api/errors";
import { attributeLabel, BUILT_IN_ATTRIBUTES } from "../lib/scoring";

export const RULE_OPS: RuleOp[] = ["eq", "ne", "contains", "gt", "gte", "lt", "lte", "is_set", "is_empty"];
const NO_VALUE: RuleOp[] = ["is_set", "is_empty"];

export function validateRule(op: RuleOp, value: string, points: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!NO_VALUE.includes(op) && value.trim() === "") errors.value = "required";
  const n = Number(points);
  if (!Number.isInteger(n) || n === 0 || Math.abs(n) > SCORING_WORDS.max_points) errors.points = "out_of_range";
  return errors;
}

/** The user's scoring rules, each with how many leads it matches, and a form to add one. */
export function ScoringRules({ rules, onChanged }: { rules: ScoringRule[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { fieldsFor } = useApp();
  const defs = fieldsFor("person");
  const attributes = [...BUILT_IN_ATTRIBUTES, ...defs.map((d) => `custom.${d.key}`)];
  const [attribute, setAttribute] = useState<string>("source");
  const [op, setOp] = useState<RuleOp>("eq");
  const [value, setValue] = useState("");
  const [points, setPoints] = useState("10");
  const { errors, clear, saving, submit, formRef } = useFormSubmit();

  const add = () =>
    submit(
      () => validateRule(op, value, points),
      () => api.scoringRulesAdd({ name: "", attribute, op, value: NO_VALUE.includes(op) ? null : value.trim(), points: Number(points), enabled: true }),
      () => {
        setValue("");
        onChanged();
        toast.show(t("toast.saved"), { kind: "success" });
      },
    );

  const remove = async (r: ScoringRule) => {
    try {
      await api.scoringRulesRemove(r.id);
      onChanged();
    } catch (e) {
      toast.error(e);
    }
  };

  const condition = (r: ScoringRule) =>
    t(`scoring.op.${r.op}`, { attribute: attributeLabel(t, r.attribute, defs), value: r.value ?? "" });

  return (
    <div data-testid="scoring-rules">
      <h3>{t("scoring.rules")}</h3>
      {rules.length === 0 ? (
        <p className="muted small">{t("scoring.noRules")}</p>
      ) : (
        <ul className="custom-field-list">
          {rules.map((r) => (
            <li key={r.id} data-testid="scoring-rule">
              <span className="strong">{condition(r)}</span>
              <span className="muted">
                {t("scoring.points", { points: r.points > 0 ? `+${r.points}` : String(r.points) })} · {t("scoring.matches", { count: r.match_count })}
              </span>
              <button type="button" className="icon-button danger" aria-label={t("common.removeItem", { item: condition(r) })} title={t("common.delete")} onClick={() => void remove(r)}>
                <Icon name="trash" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        ref={formRef}
        className="form-grid custom-field-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <SelectField label={t("scoring.attributeLabel")} name="attribute" value={attribute} options={attributes.map((a) => ({ value: a, label: attributeLabel(t, a, defs) }))} onChange={(e) => setAttribute(e.target.value)} />
        <SelectField label={t("scoring.condition")} name="op" value={op} options={RULE_OPS.map((o) => ({ value: o, label: t(`scoring.opName.${o}`) }))} onChange={(e) => setOp(e.target.value as RuleOp)} />
        {!NO_VALUE.includes(op) && <TextField label={t("scoring.value.label")} name="value" value={value} error={errors.value} onChange={(e) => (setValue(e.target.value), clear("value"))} />}
        <TextField label={t("scoring.pointsLabel")} name="points" type="number" min={-SCORING_WORDS.max_points} max={SCORING_WORDS.max_points} value={points} error={errors.points} hint={t("scoring.pointsHint")} onChange={(e) => (setPoints(e.target.value), clear("points"))} />
        <div className="span-2">
          <button type="submit" className="button" disabled={saving} data-testid="scoring-rule-add">
            <Icon name="plus" /> {t("scoring.addRule")}
          </button>
        </div>
      </form>
    </div>
  );
}
