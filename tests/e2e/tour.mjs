// Screenshots of every screen, in every language and theme, at the normal and the small window size, for
// people to look at (not a test). Run inside a display with tauri-driver listening, for example:
//   xvfb-run -a -s '-screen 0 1280x800x24' bash -c 'tauri-driver --native-driver /usr/bin/WebKitWebDriver & \
//     sleep 1; node tests/e2e/tour.mjs /tmp/shots; kill -TERM %1'
// With TOUR_TEAM_URL (postgres://ADMIN@host:port/db) and TOUR_TEAM_PASSWORD set (and an unlocked keyring), the
// data dir is made a team workspace's admin first, so the Team settings show a joined status.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session } from "./webdriver.mjs";

const APP = resolve(process.env.RELATA_APP ?? "target/debug/relata");
const OUT = resolve(process.argv[2] ?? "shots");
const LANGS = (process.env.TOUR_LANGS ?? "en,nl,de,da").split(",");
const THEMES = (process.env.TOUR_THEMES ?? "light,dark").split(",");
const SIZES = [[1280, 800], [1024, 640]];
const SCREENS = ["today", "people", "companies", "deals", "tasks", "trash", "settings"];
mkdirSync(OUT, { recursive: true });

const dir = mkdtempSync(join(tmpdir(), "relata-tour-"));
const cli = (...args) => JSON.parse(execFileSync(APP, ["--data-dir", dir, ...args], { encoding: "utf8" }));
const company = cli("companies", "add", "--name", "Tulp BV", "--domain", "tulp.nl", "--industry", "Horticulture");
const people = [
  ["Annelies", "de Vries", "annelies@tulp.nl", "+31 20 123 4567"],
  ["Jørgen", "Østergaard", "jorgen@example.dk", "+45 12 34 56 78"],
  ["Jürgen", "Weiß", "juergen@example.de", "+49 30 1234567"],
  ["Søren", "Kierkegaard", "soren@example.dk", "+45 87 65 43 21"],
];
const ids = people.map(([f, l, e, p]) => cli("people", "add", "--first-name", f, "--last-name", l, "--email", e, "--phone", p, "--company", "Tulp BV").id);
cli("deals", "add", "--title", "Spring order", "--value", "12345,50", "--currency", "EUR", "--person", String(ids[0]), "--company", String(company.id));
cli("deals", "add", "--title", "Service contract", "--value", "48000", "--currency", "DKK", "--person", String(ids[1]));
const soon = new Date(Date.now() + 2 * 3600e3).toISOString();
const late = new Date(Date.now() - 26 * 3600e3).toISOString();
cli("tasks", "add", "--title", "Call back about the offer", "--due", soon, "--person", String(ids[0]));
cli("tasks", "add", "--title", "Send the contract", "--due", late, "--person", String(ids[1]));
cli("activities", "add", "--kind", "call", "--subject", "Intro call", "--body", "Discussed the spring order", "--person", String(ids[0]));
// A lead typed in with nothing but an email address: the person page shows what enrichment proposes.
const lead = cli("people", "add", "--email", "jan.de.vries@bakkerij-devries.nl").id;
if (process.env.TOUR_TEAM_URL) {
  const relata = (args) => execFileSync(APP, ["--data-dir", dir, ...args], { input: `${process.env.TOUR_TEAM_PASSWORD ?? ""}\n`, encoding: "utf8" });
  relata(["team", "init", "--url", process.env.TOUR_TEAM_URL]);
  relata(["team", "sync"]);
}

// A mail account whose server is not there (a closed loopback port): its sync fails at the TCP step, which
// Settings → Email accounts shows. The password goes to the keyring on standard input.
const closed = 1;
execFileSync(APP, ["--data-dir", dir, "mail", "account", "add", "--name", "Work", "--address", "sales@tulp.nl", "--user", "sales",
  "--imap-host", "127.0.0.1", "--imap-port", String(closed), "--smtp-host", "127.0.0.1", "--smtp-port", String(closed), "--security", "none"],
  { input: "not-a-real-password\n", encoding: "utf8" });
try {
  execFileSync(APP, ["--data-dir", dir, "mail", "sync"], { stdio: "ignore" });
} catch {
  // It fails (that is the point): the error is now the account's sync status.
}

const s = await Session.start(APP, ["--data-dir", dir]);
const select = async (testId, value) => s.selectOption(`[data-testid="${testId}"]`, value);
try {
  await s.find('[data-testid="nav-people"]', 20000);
  for (const lang of LANGS) {
    for (const theme of THEMES) {
      await s.click('[data-testid="nav-settings"]');
      await select("language-select", lang);
      await select("theme-select", theme);
      for (const [w, h] of SIZES) {
        await s.setWindowSize(w, h).catch(() => {});
        for (const screen of SCREENS) {
          await s.click(`[data-testid="nav-${screen}"]`);
          await new Promise((r) => setTimeout(r, 400));
          await s.screenshot(join(OUT, `${screen}-${lang}-${theme}-${w}.png`));
        }
        // The Team section, further down the settings page.
        await s.click('[data-testid="nav-settings"]');
        await s.find('[data-testid="team-settings"]');
        await s.exec('document.querySelector(\'[data-testid="team-settings"]\').scrollIntoView({ block: "start" })');
        await new Promise((r) => setTimeout(r, 400));
        await s.screenshot(join(OUT, `team-${lang}-${theme}-${w}.png`));
        if (process.env.TOUR_TEAM_URL) {
          await s.click('[data-testid="team-invite"]');
          await s.find('[data-testid="form-save"]');
          await new Promise((r) => setTimeout(r, 300));
          await s.screenshot(join(OUT, `team-invite-${lang}-${theme}-${w}.png`));
          await s.press("Escape");
        }
        await s.click('[data-testid="nav-people"]');
        await s.click('[data-testid="person-row"]');
        await s.find('[data-testid="person-detail"]');
        await new Promise((r) => setTimeout(r, 400));
        await s.screenshot(join(OUT, `person-${lang}-${theme}-${w}.png`));
        // The lead with only an email address: its Suggestions panel.
        await s.exec(`location.hash = "#/people/${lead}"`);
        await s.find('[data-testid="enrich-proposals"]');
        await s.exec('document.querySelector(\'[data-testid="enrich-proposals"]\').scrollIntoView({ block: "center" })');
        await new Promise((r) => setTimeout(r, 400));
        await s.screenshot(join(OUT, `person-suggestions-${lang}-${theme}-${w}.png`));
        // Settings → Email accounts with the last sync error, and the palette's "Email <person>".
        await s.click('[data-testid="nav-settings"]');
        await s.find('[data-testid="mail-sync-error"]');
        await s.exec('document.querySelector(\'[data-testid="mail-accounts"]\').scrollIntoView()');
        await new Promise((r) => setTimeout(r, 300));
        await s.screenshot(join(OUT, `mail-accounts-${lang}-${theme}-${w}.png`));
        await s.click('[data-testid="open-palette"]');
        await s.type('[data-testid="palette-input"]', "Annelies");
        await new Promise((r) => setTimeout(r, 800));
        await s.screenshot(join(OUT, `palette-email-${lang}-${theme}-${w}.png`));
        await s.press("Escape");
      }
    }
  }
} finally {
  await s.quit();
}
console.log(`screenshots in ${OUT}`);
