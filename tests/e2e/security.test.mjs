// Security end to end in the real app: the store is encrypted with a key from the real (gnome-)keyring, and
// records whose every text field holds an XSS payload render as literal text on every screen, with no
// injected script running. Records come from the CLI (and, for what the CLI cannot set, from the same IPC
// commands the UI calls).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { APP, cli, seeded, withApp } from "./app.mjs";
import { waitFor } from "./webdriver.mjs";

// Each payload, if it ever ran, would set window.__pwned and change the window title.
const P = {
  script: `<script>window.__pwned="script";document.title="pwned"</script>`,
  img: `<img src=x onerror="window.__pwned='img';document.title='pwned'">`,
  svg: `<svg onload="window.__pwned='svg'"></svg>`,
  markup: `<b onmouseover="window.__pwned='b'">Bold</b><a href="javascript:window.__pwned='a'">click</a>`,
  js: `javascript:window.__pwned='js'`,
};
const INJECTED = `img[src="x"], [onerror], [onload], [onmouseover], a[href^="javascript:"], main script, iframe`;

async function assertInert(s, where) {
  assert.equal(await s.exec("return window.__pwned ?? null;"), null, `no injected script ran (${where})`);
  assert.equal(await s.exec("return document.title;"), "Relata", `the title is untouched (${where})`);
  assert.equal(await s.exec(`return document.querySelectorAll(${JSON.stringify(INJECTED)}).length;`), 0, `no element was made from user text (${where})`);
}

async function invoke(s, cmd, args) {
  return s.exec("return window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((v) => ({ ok: v }), (e) => ({ err: e }));", [cmd, args]);
}

test("the CLI refuses javascript: links in records", () => {
  const { dir } = seeded();
  assert.throws(() => execFileSync(APP, ["--data-dir", dir, "companies", "add", "--name", "Evil", "--website", P.js], { stdio: "pipe" }), /not a valid http\(s\) web address/);
});

test("XSS payloads in every field render as text on every screen and never run", async () => {
  const due = new Date(Date.now() + 60 * 60 * 1000).toISOString();
  const company = `${P.svg} Corp`;
  const { dir, out } = seeded(
    ["companies", "add", "--name", company, "--industry", P.markup, "--owner", P.img],
    ["people", "add", "--first-name", P.img, "--last-name", P.script, "--email", "xss.payload@example.com", "--company", company, "--owner", P.markup, "--tag", P.svg],
  );
  const person = out[1];
  cli(dir, "activities", "add", "--kind", "note", "--subject", P.script, "--body", `${P.markup}\n${P.js}`, "--person", String(person.id));
  cli(dir, "deals", "add", "--title", `${P.img} deal`, "--value", "100", "--currency", "EUR", "--person", String(person.id));
  cli(dir, "tasks", "add", "--title", `${P.script} task`, "--notes", P.markup, "--due", due, "--person", String(person.id));

  await withApp(dir, async (s) => {
    // What the CLI has no flags for: a custom field (label and value) and a social profile, via IPC.
    const def = await invoke(s, "custom_fields_create", { input: { entity: "person", label: P.img, kind: "text" } });
    assert.ok(def.ok, JSON.stringify(def));
    const bad = await invoke(s, "people_create", { input: { first_name: "Bad", last_name: "Link", socials: [{ network: "x", url: P.js }] } });
    assert.equal(bad.err?.code, "invalid_url", "the core refuses a javascript: social link");
    const holder = await invoke(s, "people_create", {
      input: { first_name: P.markup, last_name: "Holder", custom: { [def.ok.key]: P.script }, socials: [{ network: P.svg, url: "https://example.com/?q=<script>x</script>" }] },
    });
    assert.ok(holder.ok, JSON.stringify(holder));
    const blocked = await invoke(s, "open_external", { url: P.js });
    assert.equal(blocked.err?.code, "invalid_url", "open_external refuses javascript:");

    await s.click('[data-testid="nav-people"]');
    await s.waitForText('[data-testid="person-row"]', P.img);
    await s.waitForText('[data-testid="person-row"]', P.markup);
    await assertInert(s, "people list");

    await s.exec("window.location.hash = arguments[0];", [`#/people/${person.id}`]);
    await s.waitForText('[data-testid="record-title"]', `${P.img} ${P.script}`);
    await s.waitForText('[data-testid="timeline-item"]', P.markup);
    await s.waitForText('[data-testid="person-detail"]', company);
    await assertInert(s, "person page and timeline");
    await s.click('[data-testid="tab-history"]');
    await s.waitForText('[data-testid="audit-entry"]', "Created");
    await assertInert(s, "history");

    await s.exec("window.location.hash = arguments[0];", [`#/people/${holder.ok.id}`]);
    await s.waitForText('[data-testid="person-detail"]', P.script); // the custom value
    await s.waitForText('[data-testid="person-detail"]', P.img); // the custom field's label
    await s.waitForText('[data-testid="external-link"]', "https://example.com/?q=<script>x</script>");
    await assertInert(s, "custom fields and social links");

    await s.click('[data-testid="nav-companies"]');
    await s.waitForText('[data-testid="company-row"]', company);
    await s.click('[data-testid="company-row"]');
    await s.waitForText('[data-testid="record-title"]', company);
    await s.waitForText('[data-testid="company-detail"]', P.markup);
    await assertInert(s, "company list and page");

    await s.click('[data-testid="nav-deals"]');
    await s.waitForText('[data-testid="deal-card"]', `${P.img} deal`);
    await assertInert(s, "deals board");

    await s.click('[data-testid="nav-tasks"]');
    await s.waitForText('[data-testid="tasks-page"]', `${P.script} task`);
    await assertInert(s, "tasks");

    await s.click('[data-testid="nav-today"]');
    await s.waitForText('[data-testid="today-page"]', `${P.script} task`);
    await assertInert(s, "today");

    await s.press("Control", "k");
    await s.type('[data-testid="palette-input"]', "Corp");
    await s.waitForText('[data-testid="palette-item"]', company);
    await assertInert(s, "search palette");
    await s.press("Escape");

    await s.click('[data-testid="nav-settings"]');
    await s.waitForText('[data-testid="encryption-status"]', "encrypted on this computer");
    await waitFor("audit entries in settings", async () => (await s.findAll('[data-testid="audit-settings"] [data-testid="audit-entry"]')).length >= 6);
    await assertInert(s, "settings");
  }, "xss-as-text");

  // Encrypted at rest with the real keyring's key: nothing readable in the file the app wrote.
  const db = readFileSync(join(dir, "relata.db"));
  assert.ok(!db.subarray(0, 16).toString("latin1").startsWith("SQLite format 3"), "the store is encrypted");
  assert.ok(!db.includes(Buffer.from("xss.payload@example.com")), "no email in the raw file");
  const trail = cli(dir, "audit", "list", "--entity", "person", "--id", String(person.id), "--json");
  assert.equal(trail.at(-1).action, "create");
});
