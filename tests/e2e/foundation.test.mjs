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

    // "Log call" opens the Call log dialog; its note is what the timeline shows.
    await s.click('[data-testid="log-call"]');
    await s.find('[data-testid="call-log-dialog"]');
    await s.type('[data-testid="call-log-dialog"] textarea[name="note"]', "Discussed the spring order");
    await s.click('[data-testid="save-call"]');
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
    // The webview's own formats (native date inputs) follow too, whatever the process locale (C here).
    await waitFor("the webview's language", async () => (await s.exec("return navigator.language;")) === "nl");
  }, "settings-nl");
});

test("the dashboard draws its revenue chart with Object.prototype frozen (freezePrototype)", async () => {
  const { dir, out } = seeded(
    ["people", "add", "--first-name", "Ada", "--last-name", "Lovelace"],
    ["products", "add", "--sku", "TULIP", "--name", "Tulips", "--price", "EUR=12.50"],
  );
  cli(dir, "orders", "add", "--person", String(out[0].id), "--currency", "EUR", "--line", "TULIP=4");
  await withApp(dir, async (s) => {
    assert.equal(await s.exec("return Object.isFrozen(Object.prototype);"), true, "tauri.conf.json's freezePrototype is on");
    // Errors from here on (a chart library that assigns over Object.prototype's own throws at first draw).
    await s.exec(`window.__errors = [];
      addEventListener("error", (e) => window.__errors.push(String(e.message)));
      const error = console.error.bind(console);
      console.error = (...a) => { window.__errors.push(a.map(String).join(" ")); error(...a); };`);
    await s.click('[data-testid="nav-dashboard"]');
    await s.find('[data-testid="revenue-chart"] canvas', 15000);
    // Pixels were drawn on the canvas, not just the element placed.
    const painted = await waitFor("the revenue chart painted", () =>
      s.exec(`const c = document.querySelector('[data-testid="revenue-chart"] canvas');
        if (!c || c.width === 0 || c.height === 0) return 0;
        const px = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return n;`),
    );
    assert.ok(painted > 500, `the chart painted ${painted} pixels`);
    assert.deepEqual(await s.exec("return window.__errors;"), []);
  }, "dashboard-chart");
});
