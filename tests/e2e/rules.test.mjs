// End to end for automation: a rule made in the Settings form ("when a deal moves to Proposal, create a
// follow-up task in 2 business days"), a deal moved on the board, the task on the Today page (upcoming) and
// the run in the rule's history. The app's rules worker runs the rule; the test waits for it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { cli, seeded, withApp } from "./app.mjs";
import { waitFor } from "./webdriver.mjs";

test("a rule made in the form follows up a deal moved to Proposal, seen on Today and in its history", async () => {
  const { dir, out } = seeded(["deals", "add", "--title", "Harbour refit", "--value", "900", "--currency", "EUR"]);
  const deal = out[0];
  await withApp(dir, async (s) => {
    await s.click('[data-testid="nav-settings"]');
    await s.find('[data-testid="rules-manager"]');
    // Sections above the rules load one by one and move the button: click it once it stays put.
    await s.clickSettled('[data-testid="rule-new"]');
    await s.find('[data-testid="rule-form"]');
    await s.type('[name="name"]', "Proposal follow-up");
    await s.selectOption('[name="trigger.type"]', "deal_stage_changed");
    await waitFor("the stages to load", async () => (await s.findAll('[name="trigger.to"] option')).length >= 4);
    await s.selectOption('[name="trigger.to"]', "proposal");
    await s.type('[name="actions[0].title"]', "Follow up on {{ deal.title }}");
    // "Due in working days" starts at 2.
    assert.equal(await s.exec("return document.querySelector('[name=\"actions[0].due_in_business_days\"]').value;"), "2");
    await s.click('[data-testid="form-save"]');
    await s.waitForText('[data-testid="rule-row"]', "Proposal follow-up");

    // Move the deal from the first column to Proposal (two stages on) with the keyboard.
    await s.click('[data-testid="nav-deals"]');
    await s.find('[data-testid="deals-board"]');
    await s.waitForText('[data-testid="deal-card"]', "Harbour refit");
    for (let column = 1; column <= 2; column += 1) {
      await s.focus(`[data-deal-id="${deal.id}"]`);
      await s.press("Alt", "ArrowRight");
      await waitFor(`the card in column ${column + 1}`, async () => {
        const cols = await s.findAll('[data-testid="board-column"]');
        return (await s.text(cols[column])).includes("Harbour refit");
      });
    }

    await s.click('[data-testid="nav-today"]');
    await s.find('[data-testid="today-page"]');
    await s.waitForText('[data-testid="today-upcoming"]', "Follow up on Harbour refit", 30000);

    await s.click('[data-testid="nav-settings"]');
    await s.find('[data-testid="rules-manager"]');
    // The list loads again after the page opens: wait for the rule's row rather than reading the first render.
    let mine = null;
    await waitFor("the rule is listed", async () => {
      for (const row of await s.findAll('[data-testid="rule-row"]')) if ((await s.text(row)).includes("Proposal follow-up")) mine = row;
      return mine !== null;
    });
    const buttons = await s.findIn(mine, '[data-testid="rule-history"]');
    await s.exec("arguments[0].click();", [{ "element-6066-11e4-a52e-4f735466cecf": buttons[0] }]);
    await s.waitForText('[data-testid="rule-history-list"]', "Done");
  }, "rules");
  const tasks = cli(dir, "tasks", "list", "--json");
  const made = (Array.isArray(tasks) ? tasks : tasks.items).filter((t) => t.title === "Follow up on Harbour refit");
  assert.equal(made.length, 1, "exactly one follow-up task");
  assert.equal(made[0].deal_id, deal.id);
});
