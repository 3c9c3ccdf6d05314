import { useTranslation } from "react-i18next";
import { RULE_FORM, type Action, type ErrorCode, type TicketPriority, type Trigger } from "../../bindings";
import { CheckboxField, SelectField, TextArea, TextField, type Option } from "../../components/Field";
import { Icon } from "../../components/Icon";
import { ACTION_KINDS, defaultAction, settableFields, type Firsts, type ActionKind } from "../../lib/ruleForm";
import { num, numText } from "./TriggerFields";
import type { RuleOptions } from "./useRuleOptions";

type Props = {
  action: Action;
  index: number;
  count: number;
  trigger: Trigger;
  onChange: (a: Action, field?: string) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
  errors: Partial<Record<string, ErrorCode>>;
  options: RuleOptions;
  firsts: Firsts;
};

/** One action of a rule: its kind, the inputs of that kind, and buttons to move it up or down or remove it. */
export function ActionFields({ action: a, index: i, count, trigger, onChange, onMove, onRemove, errors, options: o, firsts }: Props) {
  const { t } = useTranslation();
  const name = (f: string) => `actions[${i}].${f}`;
  const err = (f: string) => errors[name(f)];
  const hint = t("rules.taskTitleHint", { deal: "{{ deal.title }}", person: "{{ person.first_name }}" });
  const names = (list: { name: string }[], current: string, none?: string): Option[] => {
    const opts = list.map((x) => ({ value: x.name, label: x.name }));
    if (current !== "" && !list.some((x) => x.name === current)) opts.push({ value: current, label: current });
    return none !== undefined ? [{ value: "", label: none }, ...opts] : current === "" ? [{ value: "", label: t("rules.form.choose") }, ...opts] : opts;
  };
  const text = (f: string, label: string, value: string | null | undefined, set: (v: string) => void, extra: { hint?: string; list?: string; wide?: boolean } = {}) => (
    <TextField className={extra.wide ? "span-2" : undefined} label={label} name={name(f)} value={value ?? ""} error={err(f)} hint={extra.hint} list={extra.list} autoComplete="off" onChange={(e) => set(e.target.value)} />
  );
  const owner = (f: string, label: string, value: string | null | undefined, set: (v: string) => void) => text(f, label, value, set, { list: "rule-owners" });
  const priorities: Option[] = [{ value: "", label: t("rules.form.defaultPriority") }, ...RULE_FORM.priorities.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))];

  const body = () => {
    switch (a.type) {
      case "create_task":
        return (
          <>
            {text("title", t("rules.taskTitle"), a.title, (v) => onChange({ ...a, title: v }, name("title")), { hint, wide: true })}
            <TextField label={t("rules.dueDays")} name={name("due_in_business_days")} type="number" min={0} value={numText(a.due_in_business_days ?? 0)} error={err("due_in_business_days")} onChange={(e) => onChange({ ...a, due_in_business_days: num(e.target.value) }, name("due_in_business_days"))} />
            {owner("assignee", t("rules.form.assignee"), a.assignee, (v) => onChange({ ...a, assignee: v }))}
            <CheckboxField label={t("rules.form.remind")} name={name("remind")} checked={a.remind ?? false} onChange={(v) => onChange({ ...a, remind: v })} />
            <TextArea className="span-2" label={t("fields.notes")} name={name("notes")} rows={2} value={a.notes ?? ""} error={err("notes")} onChange={(e) => onChange({ ...a, notes: e.target.value }, name("notes"))} />
          </>
        );
      case "notify":
        return <TextArea className="span-2" label={t("rules.form.message")} name={name("message")} rows={2} hint={hint} value={a.message} error={err("message")} onChange={(e) => onChange({ ...a, message: e.target.value }, name("message"))} />;
      case "add_note":
        return <TextArea className="span-2" label={t("rules.form.note")} name={name("body")} rows={2} hint={hint} value={a.body} error={err("body")} onChange={(e) => onChange({ ...a, body: e.target.value }, name("body"))} />;
      case "add_tag":
        return text("tag", t("fields.tag"), a.tag, (v) => onChange({ ...a, tag: v }, name("tag")));
      case "set_field": {
        const values = a.field === "lifecycle" ? RULE_FORM.lifecycles : a.field === "lead_status" ? RULE_FORM.lead_statuses : a.field === "priority" ? RULE_FORM.priorities : null;
        const fields = settableFields(trigger);
        const labelled = (v: string) => (a.field === "lifecycle" ? t(`lifecycle.${v}`) : a.field === "lead_status" ? t(`leadStatus.${v}`) : t(`tickets.priority.${v}`));
        return (
          <>
            <SelectField label={t("rules.form.field")} name={name("field")} value={a.field} error={err("field")} options={(fields.includes(a.field) ? fields : [...fields, a.field]).map((f) => ({ value: f, label: t(`fields.${f}`, { defaultValue: f }) }))} onChange={(e) => onChange({ ...a, field: e.target.value, value: null }, name("field"))} />
            {values ? (
              <SelectField label={t("rules.form.value")} name={name("value")} value={a.value ?? ""} error={err("value")} options={[...(a.field === "lifecycle" ? [] : [{ value: "", label: t("rules.form.clear") }]), ...values.map((v) => ({ value: v, label: labelled(v) }))]} onChange={(e) => onChange({ ...a, value: e.target.value || null }, name("value"))} />
            ) : (
              text("value", t("rules.form.value"), a.value, (v) => onChange({ ...a, value: v }, name("value")))
            )}
          </>
        );
      }
      case "set_owner":
        return owner("owner", t("fields.owner"), a.owner, (v) => onChange({ ...a, owner: v }, name("owner")));
      case "start_cadence":
        return <SelectField label={t("fields.cadence")} name={name("cadence")} value={a.cadence} error={err("cadence")} options={names(o.cadences, a.cadence)} onChange={(e) => onChange({ ...a, cadence: e.target.value }, name("cadence"))} />;
      case "stop_cadence":
        return <SelectField label={t("fields.cadence")} name={name("cadence")} value={a.cadence ?? ""} error={err("cadence")} options={names(o.cadences, a.cadence ?? "", t("rules.form.allCadences"))} onChange={(e) => onChange({ ...a, cadence: e.target.value || null }, name("cadence"))} />;
      case "send_email":
        return (
          <>
            <SelectField label={t("rules.form.template")} name={name("template")} value={a.template} error={err("template")} options={names(o.templates, a.template)} onChange={(e) => onChange({ ...a, template: e.target.value }, name("template"))} />
            <SelectField label={t("rules.form.account")} name={name("account")} value={a.account ?? ""} error={err("account")} options={names(o.accounts.map((x) => ({ name: x.address })), a.account ?? "", t("rules.form.firstAccount"))} onChange={(e) => onChange({ ...a, account: e.target.value || null }, name("account"))} />
          </>
        );
      case "create_ticket":
        return (
          <>
            {text("subject", t("rules.ticketSubject"), a.subject, (v) => onChange({ ...a, subject: v }, name("subject")), { hint, wide: true })}
            <SelectField label={t("tickets.fields.priority")} name={name("priority")} value={a.priority ?? ""} options={priorities} onChange={(e) => onChange({ ...a, priority: (e.target.value || null) as TicketPriority | null })} />
            {owner("assignee", t("rules.form.assignee"), a.assignee, (v) => onChange({ ...a, assignee: v }))}
            <TextArea className="span-2" label={t("rules.form.description")} name={name("description")} rows={2} value={a.description ?? ""} error={err("description")} onChange={(e) => onChange({ ...a, description: e.target.value }, name("description"))} />
          </>
        );
      case "add_to_segment":
        return <SelectField label={t("rules.form.segment")} hint={t("rules.form.staticOnly")} name={name("segment")} value={a.segment} error={err("segment")} options={names(o.segments, a.segment)} onChange={(e) => onChange({ ...a, segment: e.target.value }, name("segment"))} />;
      case "add_to_campaign": {
        // Stored by name or id; the picker sends the name, and shows an id the rule was given as it is.
        const current = String(a.campaign);
        return <SelectField label={t("rules.form.campaign")} name={name("campaign")} value={current} error={err("campaign")} options={names(o.campaigns, current)} onChange={(e) => onChange({ ...a, campaign: e.target.value }, name("campaign"))} />;
      }
    }
  };

  return (
    <fieldset className="rule-action" data-testid="rule-action">
      <legend className="sr-only">{t("rules.form.actionN", { n: i + 1 })}</legend>
      <div className="rule-action-head">
        <span className="rule-action-n" aria-hidden="true">
          {i + 1}
        </span>
        <SelectField
          label={t("rules.then")}
          hideLabel={i > 0}
          name={name("type")}
          value={a.type}
          options={ACTION_KINDS.map((k) => ({ value: k, label: t(`rules.action.${k}`) }))}
          onChange={(e) => onChange(defaultAction(e.target.value as ActionKind, trigger, firsts))}
        />
        <span className="rule-action-buttons">
          <button type="button" className="icon-button" disabled={i === 0} aria-label={t("rules.form.moveUp", { n: i + 1 })} title={t("rules.form.moveUp", { n: i + 1 })} onClick={() => onMove(-1)} data-testid="rule-action-up">
            <Icon name="up" size={14} />
          </button>
          <button type="button" className="icon-button" disabled={i === count - 1} aria-label={t("rules.form.moveDown", { n: i + 1 })} title={t("rules.form.moveDown", { n: i + 1 })} onClick={() => onMove(1)} data-testid="rule-action-down">
            <Icon name="down" size={14} />
          </button>
          <button type="button" className="icon-button danger" disabled={count === 1} aria-label={t("rules.form.removeAction", { n: i + 1 })} title={t("rules.form.removeAction", { n: i + 1 })} onClick={onRemove} data-testid="rule-action-remove">
            <Icon name="trash" size={14} />
          </button>
        </span>
      </div>
      <div className="form-grid">{body()}</div>
    </fieldset>
  );
}
