import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import type { Filter, Rule, RuleDef, RuleError, RulePreview, RuleRun, RunLine } from "../bindings";
import { api } from "../api/client";
import { ConfirmDeleteDialog } from "../components/Dialog";
import { CheckboxField, SelectField, TextField } from "../components/Field";
import { Badge } from "../components/Badge";
import { Icon } from "../components/Icon";
import { SegmentBuilder } from "../components/SegmentBuilder";
import { useToast } from "../components/Toast";
import { useFormSubmit } from "../forms/FormDialog";
import { errorMessage, type FieldErrors } from "../api/errors";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDateTime } from "../lib/dates";
import { stageName } from "../lib/labels";
import { emptyGroup, toFilter, type GroupNode } from "../lib/segmentTree";

const TRIGGER_KINDS = ["deal_stage_changed", "record_created", "email_received", "sla_warning"] as const;
type TriggerKind = (typeof TRIGGER_KINDS)[number];

function triggerOf(kind: TriggerKind, stage: string): RuleDef["trigger"] {
  switch (kind) {
    case "deal_stage_changed":
      return { type: "deal_stage_changed", to: stage };
    case "email_received":
      return { type: "email_received", replied: false };
    case "sla_warning":
      return { type: "sla_warning" };
    default:
      return { type: "record_created", entity: "person" };
  }
}

const ACTION_KINDS = ["create_task", "create_ticket"] as const;
type ActionKind = (typeof ACTION_KINDS)[number];

/** The form's rule: a trigger, the conditions (the segment builder's tree, or none) and a follow-up task or a ticket. */
export function ruleFromForm(kind: TriggerKind, stage: string, title: string, days: string, conditions: Filter | null = null, action: ActionKind = "create_task"): RuleDef {
  const act: RuleDef["actions"][number] =
    action === "create_ticket" ? { type: "create_ticket", subject: title.trim() } : { type: "create_task", title: title.trim(), due_in_business_days: Number(days), remind: false };
  return { name: title.trim(), trigger: triggerOf(kind, stage), conditions, actions: [act] };
}

/** What an action did, in the reader's language (from the run's typed lines, not stored text). */
export function runLineText(t: TFunction, line: RunLine): string {
  if (line.did === "text") return line.text;
  const key = "already" in line && line.already ? `${line.did}_already` : line.did;
  const entity = "entity" in line ? t(`entity.${line.entity}`, { defaultValue: line.entity }) : undefined;
  const text = t(`rules.did.${key}`, { ...line, entity });
  // A campaign member a send would not reach now: why (consent, address), as the send's plan says it.
  return line.did === "added_to_campaign" && line.skipped ? `${text} (${t(`campaigns.skip.${line.skipped}`)})` : text;
}

/** Why a rule was paused or a run failed or was skipped, in the reader's language (from the typed reason). */
export function ruleErrorText(t: TFunction, e: RuleError): string {
  switch (e.code) {
    case "too_deep":
      return t("rules.paused.too_deep", { depth: e.depth });
    case "loop_skipped":
      return t("rules.paused.loop_skipped");
    case "text":
      return e.text;
    case "action_failed": {
      const field = e.error.field;
      const why =
        e.name != null && e.error.code === "not_found" && field
          ? t(`rules.missing.${field}`, { name: e.name, defaultValue: errorMessage(t, e.error) })
          : errorMessage(t, e.error);
      return e.action == null ? t("rules.paused.any_failed", { why }) : t("rules.paused.action_failed", { n: e.action + 1, why });
    }
  }
}

export function validateRuleForm(title: string, days: string): FieldErrors {
  const errors: FieldErrors = {};
  if (title.trim() === "") errors.title = "required";
  const n = Number(days);
  if (days.trim() === "" || !Number.isInteger(n) || n < 0) errors.days = "out_of_range";
  return errors;
}

/** Automation rules: the list with on/off and run history, and a form for a follow-up task rule. */
export function RulesManager() {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const rules = useQuery(() => api.rulesList(), "rules", ["rule"]);
  const pipelines = useQuery(() => api.pipelinesList(), "pipelines", []);
  const stages = (pipelines.data ?? []).flatMap((p) => p.stages);
  const [kind, setKind] = useState<TriggerKind>("deal_stage_changed");
  const [stage, setStage] = useState("proposal");
  const [title, setTitle] = useState("");
  const [days, setDays] = useState("2");
  const [preview, setPreview] = useState<RulePreview | null>(null);
  const [history, setHistory] = useState<{ rule: Rule; runs: RuleRun[] } | null>(null);
  const [toDelete, setToDelete] = useState<Rule | null>(null);
  const [onlyFor, setOnlyFor] = useState(false);
  const [action, setAction] = useState<ActionKind>("create_task");
  const [root, setRoot] = useState<GroupNode>(() => emptyGroup("all"));
  const fields = useQuery(() => api.segmentsFields(), "segment-fields", ["segment", "person", "deal"]);
  const { errors, clear, saving, submit, formRef } = useFormSubmit();
  const conditions = onlyFor ? toFilter(root) : null;

  const add = () =>
    submit(
      () => validateRuleForm(title, action === "create_ticket" ? "0" : days),
      () => api.rulesAdd(ruleFromForm(kind, stage, title, days, conditions, action)),
      () => {
        setTitle("");
        setPreview(null);
        rules.reload();
        toast.show(t("toast.saved"), { kind: "success" });
      },
    );

  const check = () =>
    submit(
      () => validateRuleForm(title, action === "create_ticket" ? "0" : days),
      () => api.rulesPreview(ruleFromForm(kind, stage, title, days, conditions, action)),
      setPreview,
    );

  const toggle = async (r: Rule, on: boolean) => {
    try {
      await api.rulesSetEnabled(r.id, on);
      rules.reload();
    } catch (e) {
      toast.error(e);
    }
  };

  const showHistory = async (r: Rule) => {
    try {
      setHistory({ rule: r, runs: await api.rulesHistory(r.id) });
    } catch (e) {
      toast.error(e);
    }
  };

  const remove = async (r: Rule) => {
    setToDelete(null);
    try {
      await api.rulesRemove(r.id);
      if (history?.rule.id === r.id) setHistory(null);
      rules.reload();
    } catch (e) {
      toast.error(e);
    }
  };

  const list = rules.data ?? [];
  return (
    <section className="card" data-testid="rules-manager">
      <h2>{t("rules.title")}</h2>
      <p className="muted small">{t("rules.intro")}</p>
      {rules.data && list.length === 0 && <p className="muted small">{t("rules.none")}</p>}
      {list.length > 0 && (
        <ul className="custom-field-list rule-list">
          {list.map((r) => (
            <li key={r.id} data-testid="rule-row">
              <span className="cadence-row-text">
                <span className="strong">{r.def.name}</span>
                {r.builtin && <Badge tone="neutral" title={t("rules.builtinHint")}>{t("rules.builtin")}</Badge>}
                <span className="muted small">{t(`rules.trigger.${r.def.trigger.type}`, { defaultValue: r.def.trigger.type })}</span>
                {r.paused_reason && <span className="small field-error" data-testid="rule-paused">{ruleErrorText(t, r.paused_reason)}</span>}
              </span>
              <CheckboxField label={t("rules.enabled")} name={`rule-${r.id}`} checked={r.enabled} onChange={(v) => void toggle(r, v)} />
              <button type="button" className="button" onClick={() => void showHistory(r)} data-testid="rule-history">
                {t("rules.history")}
              </button>
              {!r.builtin && (
                <button type="button" className="icon-button danger" aria-label={t("common.removeItem", { item: r.def.name })} title={t("common.delete")} onClick={() => setToDelete(r)}>
                  <Icon name="trash" size={14} />
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {history && (
        <div data-testid="rule-history-list">
          <h3>{t("rules.historyOf", { name: history.rule.def.name })}</h3>
          {history.runs.length === 0 ? (
            <p className="muted small">{t("rules.noRuns")}</p>
          ) : (
            <ul className="custom-field-list">
              {history.runs.map((run) => (
                <li key={run.id}>
                  <span className="muted small">{formatDateTime(run.at, locale)}</span>
                  <span>{t("rules.record", { entity: t(`entity.${run.entity}`, { defaultValue: run.entity }), id: run.record_id })}</span>
                  <span className="strong">{t(`rules.status.${run.status}`)}</span>
                  <span className="muted small">{run.error ? ruleErrorText(t, run.error) : run.lines.map((l) => runLineText(t, l)).join("; ")}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <form ref={formRef} className="form-grid custom-field-form" noValidate onSubmit={(e) => (e.preventDefault(), void add())}>
        <SelectField
          label={t("rules.when")}
          name="kind"
          value={kind}
          options={TRIGGER_KINDS.map((k) => ({ value: k, label: t(`rules.trigger.${k}`) }))}
          onChange={(e) => (setKind(e.target.value as TriggerKind), setPreview(null))}
        />
        {kind === "deal_stage_changed" && (
          <SelectField
            label={t("rules.stage")}
            name="stage"
            value={stage}
            options={stages.map((s) => ({ value: s.system_key ?? s.name, label: stageName(t, s) }))}
            onChange={(e) => (setStage(e.target.value), setPreview(null))}
          />
        )}
        <SelectField
          label={t("rules.then")}
          name="action"
          value={action}
          options={ACTION_KINDS.map((k) => ({ value: k, label: t(`rules.action.${k}`) }))}
          onChange={(e) => (setAction(e.target.value as ActionKind), setPreview(null))}
        />
        <TextField label={t(action === "create_ticket" ? "rules.ticketSubject" : "rules.taskTitle")} name="title" value={title} error={errors.title} hint={t("rules.taskTitleHint", { deal: "{{ deal.title }}", person: "{{ person.first_name }}" })} onChange={(e) => (setTitle(e.target.value), clear("title"), setPreview(null))} />
        {action === "create_task" && <TextField label={t("rules.dueDays")} name="days" type="number" min={0} value={days} error={errors.days} onChange={(e) => (setDays(e.target.value), clear("days"))} />}
        <div className="span-2">
          <CheckboxField label={t("rules.onlyFor")} name="only-for" checked={onlyFor} onChange={(v) => (setOnlyFor(v), setPreview(null))} />
          {onlyFor && fields.data && <SegmentBuilder root={root} fields={fields.data} onChange={(r) => (setRoot(r), setPreview(null))} error={null} />}
        </div>
        {preview && (
          <p className="span-2 muted small" data-testid="rule-preview">
            {t("rules.preview", { count: preview.matched, days: preview.days })}
          </p>
        )}
        <div className="span-2">
          <button type="button" className="button" disabled={saving} onClick={() => void check()} data-testid="rule-preview-button">
            {t("rules.previewButton")}
          </button>{" "}
          <button type="submit" className="button" disabled={saving} data-testid="rule-add">
            <Icon name="plus" /> {t("rules.add")}
          </button>
        </div>
      </form>
      {toDelete && (
        <ConfirmDeleteDialog
          title={t("rules.deleteTitle")}
          message={t("rules.deleteConfirm", { name: toDelete.def.name })}
          onConfirm={() => void remove(toDelete)}
          onClose={() => setToDelete(null)}
        />
      )}
    </section>
  );
}
