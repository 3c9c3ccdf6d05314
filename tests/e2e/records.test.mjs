// End to end in the real app, beyond the first flow: the deal board, the command palette, trash and
// restore, and user text that looks like markup. Records are seeded through the CLI on a temp data dir.

import { test } from "node:test";
import assert from "node:assert/strict";
import { cli, seeded, withApp } from "./app.mjs";
import { waitFor } from "./webdriver.mjs";

test("a deal moves to the next stage with Alt+Right on the board, and the core stores it", async () => {
  const { dir, out } = seeded(["deals", "add", "--title", "Spring order", "--value", "1234,50", "--currency", "EUR"]);
  const deal = out[0];
  await withApp(dir, async (s) => {
    await s.click('[data-testid="nav-deals"]');
    await s.find('[data-testid="deals-board"]');
    // The seeded sales pipeline has four stages; the board renders them once it has loaded.
    const columns = await waitFor("four board columns", async () => {
      const cols = await s.findAll('[data-testid="board-column"]');
      return cols.length === 4 && cols;
    });
    await s.waitForText('[data-testid="deal-card"]', "Spring order");
    assert.match(await s.text(columns[0]), /Spring order/);
    assert.match(await s.text(columns[0]), /1,234\.50|1\.234,50/, "the column sums its deals' value");
    await s.focus(`[data-deal-id="${deal.id}"]`);
    await s.press("Alt", "ArrowRight");
    await waitFor("the card in the second column", async () => {
      const cols = await s.findAll('[data-testid="board-column"]');
      return (await s.text(cols[1])).includes("Spring order") && !(await s.text(cols[0])).includes("Spring order");
    });
  }, "deals-board");
  const stored = cli(dir, "deals", "list", "--json").find((d) => d.id === deal.id);
  assert.notEqual(stored.stage_id, deal.stage_id, "the move reached the store");
});

test("Ctrl+K finds a person and Enter opens the record", async () => {
  const { dir } = seeded(["people", "add", "--first-name", "Mette", "--last-name", "Frederiksen", "--email", "mette@example.dk"]);
  await withApp(dir, async (s) => {
    await s.press("Control", "k");
    await s.find('[data-testid="command-palette"]');
    await s.type('[data-testid="palette-input"]', "frederik");
    await s.waitForText('[data-testid="palette-item"]', "Mette Frederiksen");
    await s.press("Enter");
    await s.waitForText('[data-testid="record-title"]', "Mette Frederiksen");
    assert.equal((await s.findAll('[data-testid="command-palette"]')).length, 0, "the palette closed");
  }, "palette");
});

test("a deleted person goes to the trash and comes back on restore", async () => {
  const { dir, out } = seeded(["people", "add", "--first-name", "Hans", "--last-name", "Müller"]);
  await withApp(dir, async (s) => {
    await s.click('[data-testid="nav-people"]');
    await s.click('[data-testid="person-row"]');
    await s.waitForText('[data-testid="record-title"]', "Hans Müller");
    await s.click('[data-testid="record-delete"]');
    await s.find('[data-testid="people-page"]');
    await waitFor("an empty list", async () => (await s.findAll('[data-testid="person-row"]')).length === 0);

    await s.click('[data-testid="nav-trash"]');
    await s.waitForText('[data-testid="trash-row"]', "Hans Müller");
    const row = (await s.findAll('[data-testid="trash-row"]'))[0];
    const [restore] = await s.findIn(row, "button");
    await s.exec("arguments[0].click();", [{ "element-6066-11e4-a52e-4f735466cecf": restore }]);
    await waitFor("the trash to empty", async () => (await s.findAll('[data-testid="trash-row"]')).length === 0);

    await s.click('[data-testid="nav-people"]');
    await s.waitForText('[data-testid="person-row"]', "Hans Müller");
  }, "trash");
  assert.equal(out[0].first_name, "Hans");
});

test("names and notes that look like markup are shown as text and never run", async () => {
  const payload = `<img src=x onerror="window.__pwned=1">`;
  const { dir, out } = seeded(["people", "add", "--first-name", payload, "--last-name", "<script>window.__pwned=2</script>"]);
  cli(dir, "activities", "add", "--kind", "note", "--body", `<b onmouseover="window.__pwned=3">bold?</b> javascript:alert(1)`, "--person", String(out[0].id));
  await withApp(dir, async (s) => {
    await s.click('[data-testid="nav-people"]');
    await s.waitForText('[data-testid="person-row"]', payload);
    await s.click('[data-testid="person-row"]');
    await s.waitForText('[data-testid="record-title"]', "<script>");
    await s.waitForText('[data-testid="timeline-item"]', `<b onmouseover="window.__pwned=3">bold?</b>`);
    assert.equal(await s.exec("return window.__pwned ?? null;"), null, "no injected script ran");
    assert.equal(await s.exec("return document.querySelectorAll('main img, main script, main b').length;"), 0, "no markup was created from user text");
  }, "markup-as-text");
});
