// Screenshots of Settings › Enrichment in the four languages: the card with its on-create toggle, "Enrich
// all" running over a few thousand people who have only an email address (progress n of N and Cancel),
// and the report after cancelling; German also dark at 1024×640. Not part of the suite: run it inside tests/e2e/run.sh's environment with
// E2E_SHOTS_DIR set, e.g.
//   E2E_SHOTS_DIR=/tmp/shots xvfb-run -a dbus-run-session -- bash tests/e2e/run.sh tests/e2e/shots/enrich.mjs
import { test } from "node:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, seeded, withApp } from "../app.mjs";

const SHOTS = process.env.E2E_SHOTS_DIR ?? "/tmp";
const FIRST = ["jan", "anna", "soren", "pieter", "lotte", "jens", "mette", "klaus", "sanne", "lars", "greta", "bram", "ida", "uwe", "femke"];
const LAST = ["jansen", "schmidt", "larsen", "de.vries", "mueller", "nielsen", "bakker", "weber", "hansen", "visser", "becker", "jensen"];
const DOMAINS = ["tulp-bloemen.nl", "acme.de", "nordisk-handel.dk", "bakkerij.be", "werkstatt.de", "havn.dk", "gmail.com", "ziggo.nl"];

/** People with nothing but an email address, about 1,400 of them. */
function emailsCsv() {
  const rows = ["Email"];
  for (const d of DOMAINS) for (const f of FIRST) for (const l of LAST) rows.push(`${f}.${l}@${d}`);
  return rows.join("\n") + "\n";
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

test("enrichment settings and enrich all in four languages", async () => {
  const { dir } = seeded();
  const file = join(dir, "emails.csv");
  writeFileSync(file, emailsCsv());
  cli(dir, "import", "csv", file, "--entity", "people", "--json");
  await withApp(dir, async (s) => {
    for (const lang of ["en", "nl", "de", "da"]) {
      await s.click('[data-testid="nav-settings"]');
      await s.selectOption('[data-testid="language-select"]', lang);
      await s.find('[data-testid="enrich-settings"]');
      await s.exec(`document.querySelector('[data-testid="enrich-settings"]').scrollIntoView({ block: "start" });`);
      await pause(500);
      await s.screenshot(join(SHOTS, `enrich-settings-${lang}.png`));
      await s.clickSettled('[data-testid="enrich-all-start"]:not([disabled])');
      await s.find('[data-testid="enrich-all-progress"]');
      await pause(1500);
      await s.screenshot(join(SHOTS, `enrich-running-${lang}.png`));
      await s.click('[data-testid="enrich-all-cancel"]');
      await s.find('[data-testid="enrich-all-result"]', 30000);
      await pause(300);
      await s.screenshot(join(SHOTS, `enrich-result-${lang}.png`));
    }
    // The longest language in dark mode at the small window size, while it runs.
    await s.selectOption('[data-testid="language-select"]', "de");
    await s.selectOption('[data-testid="theme-select"]', "dark");
    await s.setWindowSize(1024, 640).catch(() => {});
    await s.exec(`document.querySelector('[data-testid="enrich-settings"]').scrollIntoView({ block: "start" });`);
    await s.clickSettled('[data-testid="enrich-all-start"]:not([disabled])');
    await s.find('[data-testid="enrich-all-progress"]');
    await pause(1500);
    await s.screenshot(join(SHOTS, "enrich-running-de-dark-1024.png"));
    await s.click('[data-testid="enrich-all-cancel"]');
    await s.find('[data-testid="enrich-all-result"]', 30000);
  });
});
