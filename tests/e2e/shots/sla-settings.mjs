// Screenshots of Settings › Service hours and SLAs in the four languages, with a calendar (hours with a
// break, NL public holidays, dates from an ICS feed) and a policy, and the calendar and policy dialogs.
// Not part of the suite: run it inside tests/e2e/run.sh's environment with E2E_SHOTS_DIR set, e.g.
//   E2E_SHOTS_DIR=/tmp/shots xvfb-run -a dbus-run-session -- bash tests/e2e/run.sh tests/e2e/shots/sla-settings.mjs
import { test } from "node:test";
import { join } from "node:path";
import { seeded, withApp } from "../app.mjs";

const fixture = (name) => join(process.cwd(), "tests/fixtures/sla", name);
const SHOTS = process.env.E2E_SHOTS_DIR ?? "/tmp";

test("SLA settings in four languages", async () => {
  const { dir } = seeded(
    ["sla", "calendar", "add", "--file", fixture("office-nl.json"), "--holidays-ics", fixture("closures.ics")],
    ["sla", "policy", "add", "--file", fixture("standard.json")],
  );
  await withApp(dir, async (s) => {
    for (const lang of ["en", "nl", "de", "da"]) {
      await s.click('[data-testid="nav-settings"]');
      await s.selectOption('[data-testid="language-select"]', lang);
      await s.find('[data-testid="sla-policy-row"]');
      await s.exec(`document.querySelector('[data-testid="sla-manager"]').scrollIntoView({ block: "start" });`);
      await new Promise((r) => setTimeout(r, 500));
      await s.screenshot(join(SHOTS, `sla-settings-${lang}.png`));
      await s.click('[data-testid="sla-calendar-row"] .icon-button');
      await s.find('[name="hours.mon"]');
      await new Promise((r) => setTimeout(r, 300));
      await s.screenshot(join(SHOTS, `sla-calendar-${lang}.png`));
      await s.press("Escape");
      await s.click('[data-testid="sla-policy-row"] .icon-button:nth-of-type(3)');
      await s.find('[name="targets.urgent.first_response"]');
      await new Promise((r) => setTimeout(r, 300));
      await s.screenshot(join(SHOTS, `sla-policy-${lang}.png`));
      await s.press("Escape");
    }
  });
});
