// End to end in the real app: the Tauri binary with embedded assets, under Xvfb, driven through
// tauri-driver and WebKitWebDriver. Each test uses its own temp data dir.

import { test } from "node:test";
import assert from "node:assert/strict";
import { cli, seeded, withApp } from "./app.mjs";
import { waitFor } from "./webdriver.mjs";

async function openPeople(s) {
  await s.click('[data-testid="nav-people"]');
  await s.find('[data-testid="people-page"]');
}

test("create a person, log a call, and find both again after a restart", async () => {
  const { dir } = seeded();
  await withApp(dir, async (s) => {
    await openPeople(s);
    await s.click('[data-testid="new-person"]');
    await s.type('input[name="first_name"]', "Annelies");
    await s.type('input[name="last_name"]', "de Vries");
    await s.type('input[name="email"]', "Annelies@Example.NL");
    await s.type('input[name="company_name"]', "Tulp BV");
    await s.click('[data-testid="form-save"]');

    // Depending on the flow, saving lands on the record or back on the list: open the record either way.
    await waitFor("the new person", async () => {
      if ((await s.findAll('[data-testid="person-detail"]')).length) return true;
      const rows = await s.texts('[data-testid="person-row"]');
      return rows.some((t) => t.includes("Annelies"));
    });
    if (!(await s.findAll('[data-testid="person-detail"]')).length) {
      await s.click('[data-testid="person-row"]');
    }
    await s.waitForText('[data-testid="record-title"]', "Annelies de Vries");

    await s.click('[data-testid="log-call"]');
    await s.type('[data-testid="log-body"]', "Discussed the spring order");
    await s.click('[data-testid="log-submit"]');
    await s.waitForText('[data-testid="timeline-item"]', "Discussed the spring order");
  }, "person-detail");

  await withApp(dir, async (s) => {
    await openPeople(s);
    await s.waitForText('[data-testid="person-row"]', "Annelies de Vries");
    const rowText = await s.textOf('[data-testid="person-row"]');
    assert.match(rowText, /annelies@example\.nl/, "the email was normalised and is shown in the list");
    await s.click('[data-testid="person-row"]');
    await s.waitForText('[data-testid="record-title"]', "Annelies de Vries");
    await s.waitForText('[data-testid="timeline-item"]', "Discussed the spring order");
  }, "after-restart");
});

test("a person created with the CLI shows up in the GUI", async () => {
  const { dir } = seeded();
  const created = cli(dir, "people", "add", "--first-name", "Jørgen", "--last-name", "Østergaard", "--email", "jorgen@example.dk");
  assert.equal(created.last_name, "Østergaard");
  await withApp(dir, async (s) => {
    await openPeople(s);
    await s.waitForText('[data-testid="person-row"]', "Jørgen Østergaard");
  }, "people-list");
});

test("an invalid email is refused with the error next to the field, and nothing is stored", async () => {
  const { dir } = seeded();
  await withApp(dir, async (s) => {
    await openPeople(s);
    await s.click('[data-testid="new-person"]');
    await s.type('input[name="first_name"]', "Kim");
    await s.type('input[name="email"]', "kim-at-example");
    await s.click('[data-testid="form-save"]');
    const msg = await s.textOf('[data-testid="error-email"]');
    assert.ok(msg.trim().length > 0, "a message is shown at the email field");
  }, "validation");
  assert.deepEqual(cli(dir, "people", "list", "--json"), []);
});

test("switching the language to Dutch translates the navigation", async () => {
  const { dir } = seeded();
  await withApp(dir, async (s) => {
    const before = await s.textOf('[data-testid="nav-people"]');
    await s.click('[data-testid="nav-settings"]');
    await s.selectOption('[data-testid="language-select"]', "nl");
    await waitFor("Dutch navigation", async () => (await s.textOf('[data-testid="nav-people"]')) !== before);
    assert.equal((await s.textOf('[data-testid="nav-people"]')).trim().split("\n")[0], "Personen");
  }, "settings-nl");
});
