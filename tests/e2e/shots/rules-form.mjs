// Screenshots of Settings › Automation rules in the four languages: the list (built-in rules named in the
// reader's language, with edit buttons), the form with a complex rule (a field change with conditions and six
// actions: its top and its actions), and a new schedule rule's trigger inputs.
// Not part of the suite: run it inside tests/e2e/run.sh's environment with E2E_SHOTS_DIR set, e.g.
//   E2E_SHOTS_DIR=/tmp/shots xvfb-run -a dbus-run-session -- bash tests/e2e/run.sh tests/e2e/shots/rules-form.mjs
import { test } from "node:test";
import { join } from "node:path";
import { seeded, withApp } from "../app.mjs";

const fixture = (...p) => join(process.cwd(), "tests/fixtures", ...p);
const SHOTS = process.env.E2E_SHOTS_DIR ?? "/tmp";
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

test("the rule form in four languages", async () => {
  const { dir } = seeded(
    ["templates", "add", "--name", "Follow-up", "--lang", "en", "--subject", "Next step", "--body-file", fixture("templates", "follow_up.en.txt")],
    ["campaigns", "add", "--name", "Spring newsletter", "--channel", "email", "--purpose", "newsletter"],
    ["rules", "add", "--file", fixture("rules", "complex.json")],
  );
  await withApp(dir, async (s) => {
    for (const lang of ["en", "nl", "de", "da"]) {
      await s.click('[data-testid="nav-settings"]');
      await s.selectOption('[data-testid="language-select"]', lang);
      await s.find('[data-testid="rule-row"]');
      await s.exec(`document.querySelector('[data-testid="rules-manager"]').scrollIntoView({ block: "start" });`);
      await pause(500);
      await s.screenshot(join(SHOTS, `rules-list-${lang}.png`));
      // The complex rule is the last row (after the two built-in ones).
      await s.exec(`const b = document.querySelectorAll('[data-testid="rule-edit"]'); b[b.length - 1].click();`);
      await s.find('[name="actions[5].type"]');
      await pause(500);
      await s.screenshot(join(SHOTS, `rules-form-${lang}.png`));
      await s.exec(`document.querySelector('[name="actions[1].type"]').scrollIntoView({ block: "start" });`);
      await pause(300);
      await s.screenshot(join(SHOTS, `rules-form-actions-${lang}.png`));
      await s.exec(`const b = document.querySelector('[data-testid="rule-preview-button"]'); b.scrollIntoView({ block: "end" }); b.click();`);
      await s.find('[data-testid="rule-preview"]');
      await pause(300);
      await s.screenshot(join(SHOTS, `rules-form-preview-${lang}.png`));
      await s.press("Escape");
      await s.clickSettled('[data-testid="rule-new"]');
      await s.find('[data-testid="rule-form"]');
      await s.selectOption('[name="trigger.type"]', "schedule");
      await s.selectOption('[name="actions[0].type"]', "notify");
      await pause(300);
      await s.screenshot(join(SHOTS, `rules-new-${lang}.png`));
      await s.press("Escape");
    }
  });
});
