// Screenshots of the Import page importing newsletter signups in the four languages: the purpose picker and
// the three follow-ups (static segment, campaign, welcome cadence), then the report with its consent counts
// and the rows imported without consent. Not part of the suite: run it inside tests/e2e/run.sh's environment
// with E2E_SHOTS_DIR set, e.g.
//   E2E_SHOTS_DIR=/tmp/shots-signup xvfb-run -a dbus-run-session -- bash tests/e2e/run.sh tests/e2e/shots/signups.mjs
import { test } from "node:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, seeded, withApp } from "../app.mjs";

const SHOTS = process.env.E2E_SHOTS_DIR ?? "/tmp";
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

const SIGNUPS = [
  { email: "lotte@tulp-bloemen.nl", first_name: "Lotte", consent: "ja", signup_time: "2025-03-01 10:00", double_opt_in_at: "2025-03-01 10:04", tags: ["beurs"] },
  { email: "jens@nordisk-handel.dk", first_name: "Jens", consent: "yes", signup_time: "2025-03-02 11:30" },
  { email: "greta@werkstatt.de", first_name: "Greta", consent: "yes" },
  { email: "bram@bakkerij.be", first_name: "Bram", consent: "yes", signup_time: "2099-01-01 00:00" },
];

test("newsletter signups on the Import page in four languages", async () => {
  const { dir } = seeded();
  const filter = join(dir, "none.json");
  writeFileSync(filter, JSON.stringify({ field: "city", op: "eq", value: "Nowhere" }));
  cli(dir, "segments", "add", "--name", "Newsletter", "--filter-file", filter, "--static");
  cli(dir, "campaigns", "add", "--name", "Welcome", "--channel", "email", "--purpose", "newsletter");
  await withApp(dir, async (s) => {
    for (const lang of ["en", "nl", "de", "da"]) {
      const file = join(dir, `signups-${lang}.json`);
      writeFileSync(file, JSON.stringify(SIGNUPS.map((r) => ({ ...r, email: `${lang}.${r.email}` }))));
      await s.click('[data-testid="nav-settings"]');
      await s.selectOption('[data-testid="language-select"]', lang);
      await s.click('[data-testid="nav-import"]');
      await s.find('[data-testid="import-page"]');
      await s.exec(`const i = document.querySelector('input[name="path"]'); i.value = ""; i.dispatchEvent(new Event("input", { bubbles: true }));`);
      await s.type('input[name="path"]', file);
      await s.selectOption('select[name="entity"]', "signups");
      await s.click('[data-testid="import-preview"]');
      await s.find('[data-testid="import-signup-options"]');
      await pause(800);
      await s.selectOption('select[name="signup_segment"]', await s.exec(`return [...document.querySelectorAll('select[name="signup_segment"] option')].at(-1).value`));
      await s.selectOption('select[name="signup_campaign"]', await s.exec(`return [...document.querySelectorAll('select[name="signup_campaign"] option')].at(-1).value`));
      await s.selectOption('select[name="signup_cadence"]', await s.exec(`return [...document.querySelectorAll('select[name="signup_cadence"] option')].at(-1).value`));
      await s.exec(`document.querySelector('[data-testid="import-signup-options"]').scrollIntoView({ block: "center" });`);
      await pause(300);
      await s.screenshot(join(SHOTS, `signups-options-${lang}.png`));
      await s.click('[data-testid="import-start"]');
      await s.find('[data-testid="import-signup-result"]', 30000);
      await s.exec(`document.querySelector('[data-testid="import-signup-result"]').scrollIntoView({ block: "center" });`);
      await pause(300);
      await s.screenshot(join(SHOTS, `signups-result-${lang}.png`));
    }
  });
});
