// End to end for taking data out and keeping it safe: the export menu, backups in settings, consent and
// the GDPR erasure with its typed confirmation. What the UI did is checked through the CLI.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { cli, seeded, withApp } from "./app.mjs";
import { waitFor } from "./webdriver.mjs";

test("the people list exports the current view as CSV into the data dir, with a plaintext warning", async () => {
  const { dir } = seeded(
    ["people", "add", "--first-name", "Anna", "--last-name", "de Vries", "--tag", "vip"],
    ["people", "add", "--first-name", "Bram", "--last-name", "Bakker"],
  );
  let path;
  await withApp(dir, async (s) => {
    await s.click('[data-testid="nav-people"]');
    await s.waitForText('[data-testid="person-row"]', "Bram");
    await s.type('[data-testid="list-search"]', "anna");
    // The search is debounced: the view to export is the one the list shows, so wait until it shows it.
    await waitFor("the list filtered to Anna", async () => {
      const rows = await s.texts('[data-testid="person-row"]');
      return rows.length === 1 && rows[0].includes("Anna");
    });
    await s.click('[data-testid="export-open"]');
    assert.match(await s.textOf('[data-testid="export-warning"]'), /not encrypted/);
    await s.click('[data-testid="export-csv"]');
    const toast = await s.waitForText('[data-testid="toast"]', ".csv");
    path = toast.match(/(\/\S+\.csv)/)[1];
  }, "export-dialog");
  assert.ok(path.startsWith(dir), `${path} is in the data dir`);
  assert.ok(existsSync(path));
  const csv = readFileSync(path, "utf8");
  assert.match(csv, /Anna/);
  assert.doesNotMatch(csv, /Bram/, "only the filtered view");
});

test("settings back up now and list the backup with its counts", async () => {
  const { dir } = seeded(["people", "add", "--first-name", "Ada", "--last-name", "Lovelace"]);
  await withApp(dir, async (s) => {
    await s.click('[data-testid="nav-settings"]');
    await s.find('[data-testid="backup-settings"]');
    await s.click('[data-testid="backup-now"]');
    await s.waitForText('[data-testid="toast"]', "Backup made");
    await s.waitForText('[data-testid="backup-row"]', "1 person,");
  }, "backups");
  // The app's daily task also made one at start, so there are two: both hold the person.
  const backups = cli(dir, "backup", "list", "--json");
  assert.equal(backups.length, 2);
  assert.ok(backups.every((b) => b.counts.people === 1));
});

test("consent is recorded on the person page and erase needs the typed name", async () => {
  const { dir, out } = seeded(["people", "add", "--first-name", "Zeb", "--last-name", "Quix", "--email", "zeb@example.org"]);
  const id = out[0].id;
  await withApp(dir, async (s) => {
    await s.click('[data-testid="nav-people"]');
    await s.click('[data-testid="person-row"]');
    await s.waitForText('[data-testid="record-title"]', "Zeb Quix");
    await s.type('input[name="consent_purpose"]', "newsletter");
    await s.type('input[name="consent_source"]', "double opt-in");
    await s.click('[data-testid="consent-add"]');
    await s.waitForText('[data-testid="consent-current"]', "newsletter");
    assert.equal(cli(dir, "consent", "list", String(id)).current[0].source, "double opt-in");
    if (process.env.E2E_SHOTS_DIR) await s.screenshot(`${process.env.E2E_SHOTS_DIR}/person-gdpr.png`);

    await s.click('[data-testid="gdpr-erase"]');
    await s.find('[data-testid="gdpr-erase-dialog"]');
    assert.equal(await s.exec('return document.querySelector("[data-testid=gdpr-erase-confirm]").disabled'), true);
    await s.type('input[name="erase_confirm"]', "Zeb Quix");
    await s.click('[data-testid="gdpr-erase-confirm"]');
    await s.find('[data-testid="people-page"]');
  }, "person-consent");
  assert.equal(cli(dir, "people", "list", "--json").length, 0);
  assert.equal(cli(dir, "gdpr", "erasures")[0].person_id, id);
});
