// The rule form's draft and its JSON (docs/automation.md): what the user edits, the RuleDef the core takes,
// and the checks made before sending (the core checks everything again; its errors land at the same inputs,
// whose names are the paths the core's errors name: `trigger.at`, `actions[1].template`).
import type { TFunction } from "i18next";
import { RULE_FORM, type Action, type ErrorCode, type Rule, type RuleDef, type RuleEntity, type Trigger } from "../bindings";
import type { FieldErrors } from "../api/errors";
import { emptyGroup, fromFilter, toFilter, type GroupNode } from "./segmentTree";

export type TriggerKind = Trigger["type"];
export type ActionKind = Action["type"];
// The core's lists, typed: a kind the bindings' types do not know fails to compile here.
export const TRIGGER_KINDS: readonly TriggerKind[] = RULE_FORM.triggers;
export const ACTION_KINDS: readonly ActionKind[] = RULE_FORM.actions;

/** One action in the form, keyed so that reordering keeps each row's inputs. */
export type ActionRow = { key: number; action: Action };
export type RuleDraft = { name: string; trigger: Trigger; onlyFor: boolean; root: GroupNode; actions: ActionRow[] };

/** What the pickers offer first when a kind is chosen (the first stage, cadence, template, ...). */
export type Firsts = { stage?: string; cadence?: string; template?: string; segment?: string; campaign?: string; zone?: string };

let nextKey = 1;
export const row = (action: Action): ActionRow => ({ key: nextKey++, action });

export function defaultTrigger(kind: TriggerKind, f: Firsts = {}): Trigger {
  switch (kind) {
    case "record_created":
    case "record_deleted":
      return { type: kind, entity: "person" };
    case "record_updated":
      return { type: kind, entity: "person", fields: [] };
    case "field_changed":
      return { type: kind, entity: "person", field: "lifecycle", from: null, to: null };
    case "deal_stage_changed":
      return { type: kind, from: null, to: f.stage ?? null };
    case "score_band_entered":
      return { type: kind, band: RULE_FORM.bands[0] };
    case "schedule":
      return { type: kind, at: "08:00", weekdays_only: true, time_zone: f.zone ?? null };
    case "no_activity_days":
      return { type: kind, entity: RULE_FORM.time_entities[0], days: 14 };
    case "sla_warning":
      return { type: kind, level: null };
    case "date_reached":
      return { type: kind, entity: "deal", field: RULE_FORM.date_columns.deal[0], days_before: 0 };
    case "email_received":
      return { type: kind, replied: false };
    case "signup_imported":
      return { type: kind };
  }
}

/** The record a trigger's actions act on (null: a schedule has none), for `set_field`'s choices. */
export function triggerEntity(tr: Trigger): RuleEntity | null {
  switch (tr.type) {
    case "deal_stage_changed":
      return "deal";
    case "score_band_entered":
    case "email_received":
    case "signup_imported":
      return "person";
    case "sla_warning":
      return "ticket";
    case "schedule":
      return null;
    default:
      return tr.entity;
  }
}

/** The fields `set_field` may set for the trigger's record (any entity's, for a schedule). */
export function settableFields(tr: Trigger): string[] {
  const entity = triggerEntity(tr);
  const table = RULE_FORM.settable as Record<string, readonly string[]>;
  if (entity) return [...(table[entity] ?? [])];
  return [...new Set(Object.values(table).flat())];
}

export function defaultAction(kind: ActionKind, tr: Trigger, f: Firsts = {}): Action {
  switch (kind) {
    case "create_task":
      return { type: kind, title: "", due_in_business_days: 2, remind: false };
    case "notify":
      return { type: kind, message: "" };
    case "add_note":
      return { type: kind, body: "" };
    case "add_tag":
      return { type: kind, tag: "" };
    case "set_field":
      return { type: kind, field: settableFields(tr)[0] ?? "", value: null };
    case "set_owner":
      return { type: kind, owner: null };
    case "start_cadence":
      return { type: kind, cadence: f.cadence ?? "" };
    case "stop_cadence":
      return { type: kind, cadence: null };
    case "send_email":
      return { type: kind, template: f.template ?? "", account: null };
    case "create_ticket":
      return { type: kind, subject: "", description: null, priority: null, assignee: null };
    case "add_to_segment":
      return { type: kind, segment: f.segment ?? "" };
    case "add_to_campaign":
      return { type: kind, campaign: f.campaign ?? "" };
  }
}

/** A built-in rule's name in the reader's language, unless the user renamed it; any other rule's own name. */
export function ruleName(t: TFunction, rule: Rule): string {
  const names = RULE_FORM.builtin_names as Record<string, string>;
  const key = rule.builtin;
  if (key && names[key] === rule.def.name) return t(`rules.builtinRule.${key}.name`, { defaultValue: rule.def.name });
  return rule.def.name;
}

/** The form filled in from a rule (null: a new one, following up a deal moved to the first stage). */
export function draftOf(t: TFunction, rule: Rule | null, f: Firsts = {}): RuleDraft {
  if (!rule) {
    const trigger = defaultTrigger("deal_stage_changed", f);
    return { name: "", trigger, onlyFor: false, root: emptyGroup("all"), actions: [row(defaultAction("create_task", trigger, f))] };
  }
  const c = rule.def.conditions ?? null;
  return {
    name: ruleName(t, rule),
    trigger: rule.def.trigger,
    onlyFor: c !== null,
    root: c ? fromFilter(c) : emptyGroup("all"),
    actions: rule.def.actions.map(row),
  };
}

/** The JSON the core takes. A built-in rule's translated name, unchanged, is saved as the stored one. */
export function ruleDefOf(t: TFunction, d: RuleDraft, rule: Rule | null = null): RuleDef {
  const name = d.name.trim();
  const kept = rule && rule.builtin && name === ruleName(t, rule) ? rule.def.name : name;
  return { name: kept, trigger: cleanTrigger(d.trigger), conditions: d.onlyFor ? toFilter(d.root) : null, actions: d.actions.map((a) => cleanAction(a.action)) };
}

const blank = (s: string | null | undefined) => (s == null || s.trim() === "" ? null : s.trim());

function cleanTrigger(tr: Trigger): Trigger {
  switch (tr.type) {
    case "field_changed":
      return { ...tr, from: blank(tr.from), to: blank(tr.to) };
    case "deal_stage_changed":
      return { ...tr, from: blank(tr.from), to: blank(tr.to) };
    case "schedule":
      return { ...tr, at: tr.at.trim(), time_zone: blank(tr.time_zone) };
    default:
      return tr;
  }
}

function cleanAction(a: Action): Action {
  switch (a.type) {
    case "create_task":
      return { ...a, notes: blank(a.notes), assignee: blank(a.assignee) };
    case "create_ticket":
      return { ...a, description: blank(a.description), assignee: blank(a.assignee) };
    case "set_field":
      return { ...a, value: blank(a.value) };
    case "set_owner":
      return { ...a, owner: blank(a.owner) };
    case "send_email":
      return { ...a, account: blank(a.account) };
    case "stop_cadence":
      return { ...a, cadence: blank(a.cadence) };
    default:
      return a;
  }
}

const intIn = (n: number | undefined, lo: number, hi: number) => n !== undefined && Number.isInteger(n) && n >= lo && n <= hi;

/** What the form can tell before sending: required texts and the numbers' bounds (the core's constants). */
export function validateDraft(d: RuleDraft): FieldErrors {
  const e: Record<string, ErrorCode> = {};
  if (d.name.trim() === "") e.name = "required";
  const tr = d.trigger;
  if (tr.type === "schedule" && !/^\d{1,2}:\d{2}$/.test(tr.at.trim())) e["trigger.at"] = "invalid_value";
  if (tr.type === "no_activity_days" && !intIn(tr.days, 1, RULE_FORM.max_quiet_days)) e["trigger.days"] = "out_of_range";
  if (tr.type === "date_reached" && !intIn(tr.days_before ?? 0, -RULE_FORM.max_date_days, RULE_FORM.max_date_days)) e["trigger.days_before"] = "out_of_range";
  if ((tr.type === "field_changed" || tr.type === "date_reached") && tr.field.trim() === "") e["trigger.field"] = "required";
  if (d.actions.length === 0) e.actions = "required";
  if (d.actions.length > RULE_FORM.max_actions) e.actions = "out_of_range";
  d.actions.forEach(({ action: a }, i) => {
    const need = (field: string, v: string | null | undefined) => {
      if (blank(v) === null) e[`actions[${i}].${field}`] = "required";
    };
    switch (a.type) {
      case "create_task":
        need("title", a.title);
        if (!intIn(a.due_in_business_days ?? 0, 0, 100000)) e[`actions[${i}].due_in_business_days`] = "out_of_range";
        break;
      case "notify":
        return need("message", a.message);
      case "add_note":
        return need("body", a.body);
      case "add_tag":
        return need("tag", a.tag);
      case "set_field":
        return need("field", a.field);
      case "start_cadence":
        return need("cadence", a.cadence);
      case "send_email":
        return need("template", a.template);
      case "create_ticket":
        return need("subject", a.subject);
      case "add_to_segment":
        return need("segment", a.segment);
      case "add_to_campaign":
        return need("campaign", String(a.campaign));
    }
  });
  return e;
}

/** Moves the action at `i` by `by` places (-1 up, +1 down). */
export function moveAction(rows: ActionRow[], i: number, by: number): ActionRow[] {
  const j = i + by;
  if (j < 0 || j >= rows.length) return rows;
  const next = [...rows];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}
