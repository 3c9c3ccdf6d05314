import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { ToastProvider } from "../components/Toast";
import i18n from "../i18n";
import { RulesManager, ruleErrorText, runLineText } from "./RulesManager";

const stages = [
  { id: 1, pipeline_id: 1, name: "Meeting", system_key: "meeting", position: 0, probability: 25 },
  { id: 2, pipeline_id: 1, name: "Proposal", system_key: "proposal", position: 1, probability: 50 },
];
const rule = {
  id: 7,
  def: { name: "Follow up", trigger: { type: "deal_stage_changed", to: "proposal" }, conditions: null, actions: [] },
  enabled: true,
  paused_reason: {
    code: "action_failed" as const,
    action: 1,
    error: { code: "not_found" as const, message: 'no cadence is named "Nurture"', field: "cadence" },
    name: "Nurture",
  },
  builtin: null,
  created_at: 0,
  updated_at: 0,
};
const hotLead = {
  ...rule,
  id: 1,
  def: { name: "Hot lead alert", trigger: { type: "score_band_entered", band: "hot" }, conditions: null, actions: [] },
  paused_reason: null,
  builtin: "hot_lead",
};

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    rulesList: vi.fn(async () => ok([rule])),
    segmentsFields: vi.fn(async () => ok([])),
    pipelinesList: vi.fn(async () => ok([{ id: 1, name: "Sales", system_key: "sales", position: 0, stages }])),
    rulesAdd: vi.fn(async () => ok(rule)),
    rulesPreview: vi.fn(async () => ok({ matched: 3, days: 30, examples: [] })),
    rulesSetEnabled: vi.fn(async () => ok({ ...rule, enabled: false })),
    rulesHistory: vi.fn(async () => ok([{ id: 1, rule_id: 7, event_id: 9, entity: "deal", record_id: 4, status: "done", actions: ["task 5 created"], lines: [{ did: "task_created", task: 5 }, { did: "tagged", entity: "person", id: 3, already: true }], error: null, at: 0 }])),
  });
});

const input = (name: string) => document.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;

describe("RulesManager", () => {
  it("shows Add rule only with the list above it, so arriving rows cannot move it under a click", async () => {
    let loaded: (v: unknown) => void = () => {};
    commands.rulesList = vi.fn(() => new Promise((resolve) => (loaded = resolve)));
    render(<ToastProvider><RulesManager /></ToastProvider>);
    await waitFor(() => expect(commands.rulesList).toHaveBeenCalled());
    expect(screen.queryByTestId("rule-new")).toBeNull();
    loaded(ok([hotLead, rule]));
    fireEvent.click(await screen.findByTestId("rule-new"));
    expect(screen.getAllByTestId("rule-row").length).toBe(2);
    expect(await screen.findByTestId("rule-form")).toBeTruthy();
    expect(commands.rulesSetEnabled).not.toHaveBeenCalled();
  });

  it("exports the rules to the file the save dialog names and imports a file, saying how many", async () => {
    commands.pickFile = vi.fn(async (purpose: string) => ok(purpose === "save_rules" ? "/home/sam/regels.json" : "/home/sam/in.json"));
    commands.rulesExportFile = vi.fn(async () => ok(1));
    commands.rulesImportFile = vi.fn(async () => ok([rule, rule]));
    render(<ToastProvider><RulesManager /></ToastProvider>);
    await screen.findByTestId("rule-row");
    fireEvent.click(screen.getByTestId("rules-export"));
    await waitFor(() => expect(commands.rulesExportFile).toHaveBeenCalledWith("/home/sam/regels.json"));
    expect(await screen.findByText("Exported 1 rule to /home/sam/regels.json")).toBeTruthy();
    fireEvent.click(screen.getByTestId("rules-import"));
    await waitFor(() => expect(commands.rulesImportFile).toHaveBeenCalledWith("/home/sam/in.json"));
    expect(await screen.findByText("Imported 2 rules")).toBeTruthy();
    expect(commands.rulesList).toHaveBeenCalledTimes(2);
  });

  it("does nothing when the dialog is cancelled, and shows a refused import's error", async () => {
    commands.pickFile = vi.fn(async () => ok(null));
    commands.rulesImportFile = vi.fn(async () => ({ status: "error", error: { code: "invalid_value", message: "in.json is not a rules export", field: "file" } }));
    render(<ToastProvider><RulesManager /></ToastProvider>);
    await screen.findByTestId("rule-row");
    fireEvent.click(screen.getByTestId("rules-import"));
    await waitFor(() => expect(commands.pickFile).toHaveBeenCalledWith("rules_json", null));
    expect(commands.rulesImportFile).not.toHaveBeenCalled();
    commands.pickFile = vi.fn(async () => ok("/home/sam/in.json"));
    fireEvent.click(screen.getByTestId("rules-import"));
    await waitFor(() => expect(commands.rulesImportFile).toHaveBeenCalled());
    await waitFor(() => expect(screen.getAllByTestId("toast").some((x) => x.className.includes("toast-error"))).toBe(true));
  });

  it("makes the deal-to-Proposal follow-up rule in the form, previews it, toggles and shows history", async () => {
    render(<ToastProvider><RulesManager /></ToastProvider>);
    expect((await screen.findByTestId("rule-row")).textContent).toContain("Follow up");
    // Worded from the typed reason, not the stored English.
    expect(screen.getByTestId("rule-paused").textContent).toBe("Paused: action 2 failed: there is no cadence named “Nurture”");
    fireEvent.click(screen.getByTestId("rule-new"));
    await waitFor(() => expect(input("trigger.to").querySelectorAll("option").length).toBe(3));
    fireEvent.change(input("name"), { target: { value: "Proposal follow-up" } });
    fireEvent.change(input("trigger.to"), { target: { value: "proposal" } });
    fireEvent.change(input("actions[0].title"), { target: { value: "Follow up on {{ deal.title }}" } });
    fireEvent.click(screen.getByTestId("rule-preview-button"));
    expect((await screen.findByTestId("rule-preview")).textContent).toBe("Would have matched 3 records in the last 30 days.");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(commands.rulesAdd).toHaveBeenCalled());
    expect(commands.rulesAdd.mock.calls[0][0]).toEqual({
      name: "Proposal follow-up",
      trigger: { type: "deal_stage_changed", from: null, to: "proposal" },
      conditions: null,
      actions: [{ type: "create_task", title: "Follow up on {{ deal.title }}", due_in_business_days: 2, remind: false, notes: null, assignee: null }],
    });
    await waitFor(() => expect(screen.queryByTestId("rule-form")).toBeNull());
    fireEvent.click(input("rule-7"));
    await waitFor(() => expect(commands.rulesSetEnabled).toHaveBeenCalledWith(7, false));
    fireEvent.click(screen.getByTestId("rule-history"));
    // Rendered from the typed lines in the reader's language, not the stored English.
    expect((await screen.findByTestId("rule-history-list")).textContent).toContain("Task 5 created; Person 3 was already tagged");
  });

  it("shows a built-in rule with an edit button but without a delete button, and sends the conditions", async () => {
    commands.rulesList = vi.fn(async () => ok([hotLead, rule]));
    render(<ToastProvider><RulesManager /></ToastProvider>);
    await waitFor(() => expect(screen.getAllByTestId("rule-row").length).toBe(2));
    const [builtin, own] = screen.getAllByTestId("rule-row");
    expect(builtin.textContent).toContain("Built-in");
    expect(builtin.querySelector("button.danger")).toBeNull();
    expect(builtin.querySelector('[data-testid="rule-edit"]')).not.toBeNull();
    expect(own.querySelector("button.danger")).not.toBeNull();
    fireEvent.click(screen.getByTestId("rule-new"));
    await screen.findByTestId("rule-form");
    fireEvent.change(input("name"), { target: { value: "Answer" } });
    fireEvent.change(input("trigger.type"), { target: { value: "email_received" } });
    fireEvent.change(input("actions[0].title"), { target: { value: "Answer {{ person.first_name }}" } });
    fireEvent.click(input("only-for"));
    await waitFor(() => expect(screen.getByTestId("segment-group")).toBeTruthy());
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(commands.rulesAdd).toHaveBeenCalled());
    const sent = commands.rulesAdd.mock.calls[0][0];
    expect(sent.trigger).toEqual({ type: "email_received", replied: false });
    expect(sent.conditions).toEqual({ all: [] });
  });
});

describe("ruleErrorText", () => {
  it("words every reason in each language, and keeps text stored before reasons were typed", () => {
    const de = i18n.getFixedT("de");
    const nl = i18n.getFixedT("nl");
    const da = i18n.getFixedT("da");
    expect(ruleErrorText(de, { code: "too_deep", depth: 5 })).toBe("Pausiert: Regeln haben sich gegenseitig mehr als 5 Ebenen tief ausgelöst (eine Schleife?)");
    expect(ruleErrorText(nl, { code: "action_failed", action: 0, error: { code: "not_found", message: "x", field: "campaign" }, name: "Webinar" })).toBe(
      "Gepauzeerd: actie 1 is mislukt: er is geen campagne “Webinar”",
    );
    // Without a name, the error code and field are worded as everywhere else.
    expect(ruleErrorText(da, { code: "action_failed", action: null, error: { code: "template", message: "x", field: "subject" } })).toMatch(/^Sat på pause: en handling mislykkedes: /);
    expect(ruleErrorText(nl, { code: "loop_skipped" })).toBe("Deze regel heeft in deze keten al iets met dit record gedaan.");
    expect(ruleErrorText(de, { code: "text", text: "paused: old" })).toBe("paused: old");
  });

  it("says why a new campaign member would not be sent to", () => {
    const en = i18n.getFixedT("en");
    expect(runLineText(en, { did: "added_to_campaign", person: 3, campaign: 2, already: false, skipped: "no_consent" })).toBe(
      "Person 3 added to campaign 2 (No consent for this purpose)",
    );
    expect(runLineText(en, { did: "added_to_campaign", person: 3, campaign: 2, already: true, skipped: null })).toBe("Person 3 was already in campaign 2");
  });
});
