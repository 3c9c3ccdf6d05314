// Screenshots of two Settings additions in the four languages: a mail account's "Support mailbox" switch
// (on), and the rules card with its Import… and Export… buttons.
// Not part of the suite: run it inside tests/e2e/run.sh's environment with E2E_SHOTS_DIR set, e.g.
//   E2E_SHOTS_DIR=/tmp/shots xvfb-run -a dbus-run-session -- bash tests/e2e/run.sh tests/e2e/shots/settings-extras.mjs
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { APP, seeded, withApp } from "../app.mjs";

const SHOTS = process.env.E2E_SHOTS_DIR ?? "/tmp";
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

test("support mailbox switch and rules import/export in four languages", async () => {
  const fixture = (...p) => join(process.cwd(), "tests/fixtures", ...p);
  const { dir } = seeded(
    ["templates", "add", "--name", "Follow-up", "--lang", "en", "--subject", "Next step", "--body-file", fixture("templates", "follow_up.en.txt")],
    ["campaigns", "add", "--name", "Spring newsletter", "--channel", "email", "--purpose", "newsletter"],
    ["rules", "add", "--file", fixture("rules", "complex.json")],
  );
  const account = ["mail", "account", "add", "--name", "Support", "--address", "support@relata.test", "--user", "support",
    "--imap-host", "127.0.0.1", "--imap-port", "1", "--smtp-host", "127.0.0.1", "--smtp-port", "1", "--security", "none"];
  execFileSync(APP, ["--data-dir", dir, ...account], { input: "secret\n", encoding: "utf8" });
  execFileSync(APP, ["--data-dir", dir, "mail", "account", "support", "Support"], { encoding: "utf8" });
  await withApp(dir, async (s) => {
    for (const lang of ["en", "nl", "de", "da"]) {
      await s.click('[data-testid="nav-settings"]');
      await s.selectOption('[data-testid="language-select"]', lang);
      await s.find('[data-testid="mail-account-support"]');
      await s.exec(`document.querySelector('[data-testid="mail-accounts"]').scrollIntoView({ block: "start" });`);
      await pause(500);
      await s.screenshot(join(SHOTS, `mail-support-${lang}.png`));
      await s.exec(`document.querySelector('[data-testid="rules-export"]').scrollIntoView({ block: "center" });`);
      await pause(500);
      await s.screenshot(join(SHOTS, `rules-import-export-${lang}.png`));
    }
  });
});
