import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { err, makeCommands, ok } from "../../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import type { Action, Rule, RuleDef, Trigger } from "../../bindings";
import { ToastProvider } from "../../components/Toast";
import i18n from "../../i18n";
import { ACTION_KINDS, TRIGGER_KINDS } from "../../lib/ruleForm";
import { RulesManager } from "../RulesManager";

const stages = [
  { id: 1, pipeline_id: 1, name: "Lead", system_key: "lead", position: 0, probability: 10 },
  { id: 2, pipeline_id: 1, name: "Proposal", system_key: "proposal", position: 1, probability: 50 },
];

// One of each trigger, with every input it has filled in.
const TRIGGERS: Trigger[] = [
  { type: "record_created", entity: "company" },
  { type: "record_updated", entity: "person", fields: ["owner", "job_title"] },
  { type: "record_deleted", entity: "order" },
  { type: "field_changed", entity: "person", field: "lifecycle", from: "lead", to: "customer" },
  { type: "deal_stage_changed", from: "lead", to: "proposal" },
  { type: "score_band_entered", band: "warm" },
  { type: "schedule", at: "07:30", weekdays_only: true, time_zone: "Europe/Amsterdam" },
  { type: "no_activity_days", entity: "deal", days: 21 },
  { type: "sla_warning", level: "breach" },
  { type: "date_reached", entity: "person", field: "contract_end", days_before: -2 },
  { type: "email_received", replied: true },
  { type: "signup_imported" },
];

// One of each action, likewise.
const ACTIONS: Action[] = [
  { type: "create_task", title: "Call {{ person.first_name }}", notes: "Ask about the renewal", assignee: "Sam", due_in_business_days: 3, remind: true },
  { type: "notify", message: "{{ person.first_name }} moved" },
  { type: "add_note", body: "Moved on" },
  { type: "add_tag", tag: "vip" },
  { type: "set_field", field: "lead_status", value: "converted" },
  { type: "set_owner", owner: "Kim" },
  { type: "start_cadence", cadence: "Onboarding" },
  { type: "stop_cadence", cadence: "Nurture" },
  { type: "send_email", template: "Welcome", account: "me@example.com" },
  { type: "create_ticket", subject: "Check {{ person.last_name }}", description: "Why", priority: "high", assignee: "Sam" },
  { type: "add_to_segment", segment: "VIP" },
  { type: "add_to_campaign", campaign: "Spring" },
];

const ruleOf = (id: number, def: RuleDef, builtin: string | null = null): Rule => ({ id, def, enabled: true, builtin, paused_reason: null, created_at: 0, updated_at: 0 });
const hotLead = ruleOf(1, { name: "Hot lead alert", trigger: { type: "score_band_entered", band: "hot" }, conditions: null, actions: [{ type: "add_note", body: "hot" }] }, "hot_lead");

/** The core reads a null optional field as an absent one: compare what it would store. */
function stored(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(stored);
  if (x && typeof x === "object") return Object.fromEntries(Object.entries(x).filter(([k, v]) => v !== null || k === "conditions" || k === "value" || k === "owner").map(([k, v]) => [k, stored(v)]));
  return x;
}

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    rulesList: vi.fn(async () => ok([hotLead])),
    pipelinesList: vi.fn(async () => ok([{ id: 1, name: "Sales", system_key: "sales", position: 0, stages }])),
    cadencesList: vi.fn(async () => ok([{ id: 1, name: "Onboarding", steps: [] }, { id: 2, name: "Nurture", steps: [] }])),
    templatesList: vi.fn(async () => ok([{ id: 1, name: "Welcome", purpose: null, variants: [], attachments: [], created_at: 0, updated_at: 0 }])),
    segmentsList: vi.fn(async () => ok([{ id: 1, name: "VIP", filter: { all: [] }, is_static: true, pinned: false, created_at: 0, updated_at: 0 }])),
    campaignsList: vi.fn(async () => ok([{ id: 4, name: "Spring" }])),
    mailAccountsList: vi.fn(async () => ok([{ id: 1, address: "me@example.com" }])),
    customFieldsList: vi.fn(async () => ok([{ id: 1, entity: "person", key: "contract_end", label: "Contract end", kind: "date", choices: [], position: 0 }])),
    rulesFields: vi.fn(async () => ok({ person: ["lifecycle", "owner", "job_title"], deal: ["stage_id", "owner"], company: ["owner"], task: [], ticket: ["status"], order: [] })),
    segmentsFields: vi.fn(async () => ok([])),
    rulesAdd: vi.fn(async (def: RuleDef) => ok(ruleOf(9, def))),
    rulesUpdate: vi.fn(async (id: number, def: RuleDef) => ok(ruleOf(id, def))),
    rulesPreview: vi.fn(async () => ok({ matched: 2, days: 30, examples: [{ entity: "deal", record_id: 4, at: 0 }, { entity: "deal", record_id: 5, at: 0 }] })),
  });
});

afterEach(async () => {
  await act(() => i18n.changeLanguage("en"));
});

const input = (name: string) => document.querySelector<HTMLInputElement & HTMLSelectElement>(`[name="${name}"]`)!;
const change = (name: string, value: string) => fireEvent.change(input(name), { target: { value } });

/** Opens the form of the rule in row `i`, once the pickers' lists are loaded. */
async function edit(i = 0) {
  render(<ToastProvider><RulesManager /></ToastProvider>);
  await waitFor(() => expect(screen.getAllByTestId("rule-row").length).toBeGreaterThan(i));
  fireEvent.click(screen.getAllByTestId("rule-edit")[i]);
  await screen.findByTestId("rule-form");
  await waitFor(() => expect(commands.rulesFields).toHaveBeenCalled());
  await waitFor(() => expect(document.querySelectorAll('[name="trigger.type"] option').length).toBe(TRIGGER_KINDS.length));
}

/** Each field of `obj` is shown in the input named `prefix.field`: as its value, its selection or its tick. */
function expectShown(prefix: string, obj: object) {
  for (const [k, v] of Object.entries(obj)) {
    const el = input(`${prefix}.${k}`);
    expect(el, `${prefix}.${k}`).toBeTruthy();
    if (Array.isArray(v)) expect(Array.from(el.selectedOptions, (o) => o.value), `${prefix}.${k}`).toEqual(v);
    else if (typeof v === "boolean") expect(el.checked, `${prefix}.${k}`).toBe(v);
    else expect(el.value, `${prefix}.${k}`).toBe(String(v));
  }
}

const saveButton = () => screen.getByRole("button", { name: "Save" });

describe("RuleForm", () => {
  it.each(TRIGGERS.map((t) => [t.type, t] as const))("fills in and saves a %s trigger unchanged", async (_, trigger) => {
    const def: RuleDef = { name: "Every trigger", trigger, conditions: null, actions: [ACTIONS[0]] };
    commands.rulesList = vi.fn(async () => ok([ruleOf(5, def)]));
    await edit();
    expectShown("trigger", trigger);
    fireEvent.click(saveButton());
    await waitFor(() => expect(commands.rulesUpdate).toHaveBeenCalled());
    expect(commands.rulesUpdate.mock.calls[0][0]).toBe(5);
    expect(stored(commands.rulesUpdate.mock.calls[0][1])).toEqual(stored(def));
  });

  it("fills in every action kind, in order, and saves them unchanged", async () => {
    expect(ACTIONS.map((a) => a.type)).toEqual([...ACTION_KINDS]);
    const def: RuleDef = { name: "Every action", trigger: { type: "record_created", entity: "person" }, conditions: { all: [{ field: "city", op: "eq", value: "Utrecht" }] }, actions: ACTIONS };
    commands.rulesList = vi.fn(async () => ok([ruleOf(6, def)]));
    await edit();
    expect(screen.getAllByTestId("rule-action").length).toBe(ACTIONS.length);
    await waitFor(() => expect(input("actions[11].campaign").value).toBe("Spring"));
    ACTIONS.forEach((a, i) => expectShown(`actions[${i}]`, a));
    expect((input("only-for") as HTMLInputElement).checked).toBe(true);
    fireEvent.click(saveButton());
    await waitFor(() => expect(commands.rulesUpdate).toHaveBeenCalled());
    expect(stored(commands.rulesUpdate.mock.calls[0][1])).toEqual(stored(def));
  });

  it("builds each trigger and action kind from the pickers into the JSON the core takes", async () => {
    render(<ToastProvider><RulesManager /></ToastProvider>);
    await screen.findByTestId("rule-row");
    fireEvent.click(screen.getByTestId("rule-new"));
    await screen.findByTestId("rule-form");
    await waitFor(() => expect(input("trigger.to").value).toBe("lead"));
    change("name", "Quiet deals");
    change("trigger.type", "no_activity_days");
    change("trigger.entity", "deal");
    change("trigger.days", "30");
    change("actions[0].title", "Wake {{ deal.title }} up");
    fireEvent.click(screen.getByTestId("rule-action-add"));
    change("actions[1].type", "send_email");
    fireEvent.click(screen.getByTestId("rule-action-add"));
    change("actions[2].type", "add_to_campaign");
    fireEvent.click(screen.getByTestId("rule-action-add"));
    change("actions[3].type", "set_field");
    change("actions[3].field", "owner");
    change("actions[3].value", "Kim");
    // Reordered: the email goes first.
    fireEvent.click(screen.getAllByTestId("rule-action-up")[1]);
    fireEvent.click(screen.getByTestId("rule-preview-button"));
    expect((await screen.findByTestId("rule-preview")).textContent).toBe("Would have matched 2 records in the last 30 days.");
    expect(screen.getByTestId("rule-preview-examples").textContent).toContain("Deal #5");
    fireEvent.click(saveButton());
    await waitFor(() => expect(commands.rulesAdd).toHaveBeenCalled());
    expect(stored(commands.rulesAdd.mock.calls[0][0])).toEqual({
      name: "Quiet deals",
      trigger: { type: "no_activity_days", entity: "deal", days: 30 },
      conditions: null,
      actions: [
        { type: "send_email", template: "Welcome" },
        { type: "create_task", title: "Wake {{ deal.title }} up", due_in_business_days: 2, remind: false },
        { type: "add_to_campaign", campaign: "Spring" },
        { type: "set_field", field: "owner", value: "Kim" },
      ],
    });
  });

  it("shows its own errors before sending, and the core's at the input it names, in the reader's language", async () => {
    commands.rulesList = vi.fn(async () => ok([ruleOf(5, { name: "Mail", trigger: { type: "schedule", at: "08:00" }, conditions: null, actions: [ACTIONS[0], ACTIONS[8]] })]));
    await edit();
    change("name", " ");
    change("actions[0].title", "");
    change("trigger.at", "");
    fireEvent.click(saveButton());
    expect(await screen.findByTestId("error-name")).toBeTruthy();
    expect(screen.getByTestId("error-actions[0].title")).toBeTruthy();
    expect(screen.getByTestId("error-trigger.at")).toBeTruthy();
    expect(commands.rulesUpdate).not.toHaveBeenCalled();

    await act(() => i18n.changeLanguage("nl"));
    change("name", "Mail");
    change("actions[0].title", "Bel");
    change("trigger.at", "08:00");
    commands.rulesUpdate = vi.fn(async () => err("not_found", 'no template is named "Welcome"', "actions[1].template"));
    fireEvent.click(screen.getByRole("button", { name: "Opslaan" }));
    const shown = await screen.findByTestId("error-actions[1].template");
    expect(shown.textContent).toBe(i18n.t("errors.inline.not_found"));
    expect(shown.textContent).not.toContain("no template");
  });

  it("shows a built-in rule's name in the reader's language, keeps its trigger and its stored name", async () => {
    await act(() => i18n.changeLanguage("de"));
    const renamed = ruleOf(2, { name: "Mein Stopp", trigger: { type: "email_received" }, conditions: null, actions: [{ type: "stop_cadence" }] }, "cadence_stop_on_reply");
    commands.rulesList = vi.fn(async () => ok([hotLead, renamed]));
    await edit();
    const names = screen.getAllByTestId("rule-name").map((n) => n.textContent);
    expect(names).toEqual([i18n.t("rules.builtinRule.hot_lead.name"), "Mein Stopp"]);
    expect(names[0]).not.toBe("Hot lead alert");
    expect(screen.getAllByTestId("rule-row")[0].textContent).toContain(i18n.t("rules.builtinRule.hot_lead.description"));
    expect(input("name").value).toBe(names[0]);
    expect(input("trigger.type").disabled).toBe(true);
    expect(input("trigger.band").disabled).toBe(true);
    change("actions[0].body", "heiß");
    fireEvent.click(screen.getByRole("button", { name: i18n.t("common.save") }));
    await waitFor(() => expect(commands.rulesUpdate).toHaveBeenCalled());
    // Unrenamed, it keeps the stored name, so it goes on showing in each reader's language.
    expect(commands.rulesUpdate.mock.calls[0][1].name).toBe("Hot lead alert");
    expect(commands.rulesUpdate.mock.calls[0][1].actions).toEqual([{ type: "add_note", body: "heiß" }]);
  });
});
