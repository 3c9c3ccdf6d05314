// Screenshots of every screen, in every language and theme, at the normal and the small window size, for
// people to look at (not a test). Run inside a display with tauri-driver listening, for example:
//   xvfb-run -a -s '-screen 0 1280x800x24' bash -c 'tauri-driver --native-driver /usr/bin/WebKitWebDriver & \
//     sleep 1; node tests/e2e/tour.mjs /tmp/shots; kill -TERM %1'
// With TOUR_TEAM_URL (postgres://ADMIN@host:port/db) and TOUR_TEAM_PASSWORD set (and an unlocked keyring), the
// data dir is made a team workspace's admin first, so the Team settings show a joined status.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session } from "./webdriver.mjs";

const APP = resolve(process.env.RELATA_APP ?? "target/debug/relata");
const OUT = resolve(process.argv[2] ?? "shots");
const LANGS = (process.env.TOUR_LANGS ?? "en,nl,de,da").split(",");
const THEMES = (process.env.TOUR_THEMES ?? "light,dark").split(",");
const SIZES = [[1280, 800], [1024, 640]];
const SCREENS = ["today", "people", "companies", "deals", "tasks", "trash", "settings", "segments", "dashboard", "campaigns"];
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
// Calls on Annelies's timeline and in the Support page's calls card (within its default 30-day period).
const ago = (hours) => new Date(Date.now() - hours * 3600e3).toISOString();
const call = (...args) => cli("calls", "log", "--person", String(ids[0]), "--number", "+31 20 123 4567", ...args);
call("--direction", "in", "--outcome", "answered", "--talk", "312", "--wait", "18", "--agent", "Mia", "--at", ago(3), "--note", "Asked about delivery dates");
call("--direction", "out", "--outcome", "no_answer", "--agent", "Mia", "--at", ago(27));
call("--direction", "out", "--outcome", "answered", "--talk", "95", "--agent", "Sam", "--at", ago(50));
cli("calls", "log", "--person", String(ids[2]), "--direction", "in", "--outcome", "voicemail", "--talk", "24", "--wait", "41", "--agent", "Sam", "--at", ago(75));
// A lead typed in with nothing but an email address: the person page shows what enrichment proposes.
const lead = cli("people", "add", "--email", "jan.de.vries@bakkerij-devries.nl").id;
// A pinned segment with nested groups and a "not", for the Segments page, the editor and the navigation.
const segmentFile = join(dir, "segment.json");
writeFileSync(segmentFile, JSON.stringify({ all: [
  { field: "company_name", op: "eq", value: "Tulp BV" },
  { not: { field: "tags", op: "contains", value: "vip" } },
  { any: [{ field: "deals.count", op: "gte", value: 1 }, { field: "activities.last_at", op: "within_last_days", value: 30 }] },
] }));
const segment = cli("segments", "add", "--name", "Tulp contacts", "--filter-file", segmentFile, "--pinned");
// Orders over three months (and a credit note) for the Dashboard's revenue chart, churn and retention.
cli("products", "add", "--sku", "TULIP-10", "--name", "Tulip bulbs (10)", "--price", "EUR=12.50", "--cost", "5");
cli("products", "add", "--sku", "VASE", "--name", "Glass vase", "--price", "EUR=39.95", "--cost", "18");
const monthsAgo = (n) => new Date(Date.now() - n * 30 * 86400e3).toISOString().slice(0, 10);
for (const [n, who, lines] of [[2, 0, ["TULIP-10=40"]], [1, 1, ["TULIP-10=12", "VASE=3"]], [1, 0, ["VASE=5"]], [0, 2, ["TULIP-10=25", "VASE=2"]]]) {
  cli("orders", "add", "--person", String(ids[who]), "--currency", "EUR", "--date", monthsAgo(n), ...lines.flatMap((l) => ["--line", l]));
}
// Tickets for the inbox (one opened in the reading pane) and the Support figures.
const ticket = cli("tickets", "add", "--subject", "Bulbs arrived damaged", "--person", String(ids[0]), "--priority", "high", "--type", "incident", "--channel", "email",
  "--assignee", "Mila", "--description", "Half of the tulip bulbs in order 1042 were mouldy when they arrived.");
cli("tickets", "reply", String(ticket.id), "--body", "Sorry to hear that! We are sending a replacement today.", "--author", "Mila");
const solved = cli("tickets", "add", "--subject", "Invoice address wrong", "--person", String(ids[1]), "--type", "request", "--channel", "phone", "--assignee", "Mila");
cli("tickets", "status", String(solved.id), "solved");
cli("tickets", "add", "--subject", "Wie gieße ich Tulpen?", "--person", String(ids[2]), "--type", "question", "--channel", "chat");
// An automation rule for Settings → Rules.
const ruleFile = join(dir, "rule.json");
writeFileSync(ruleFile, JSON.stringify({ name: "Welcome call for new people", trigger: { type: "record_created", entity: "person" }, conditions: null,
  actions: [{ type: "create_task", title: "Welcome call for {{ person.first_name }}", due_in_business_days: 2 }] }));
cli("rules", "add", "--file", ruleFile);
// Screens reached by address rather than the navigation: [name, hash, what to wait for, what to scroll to].
const ROUTES = [
  ["ticket", `#/tickets/${ticket.id}`, ['[data-testid="ticket-row"]', '[data-testid="ticket-event"]']],
  ["support", "#/support", '[data-testid="support-kpis"]'],
  ["segment", `#/segments/${segment.id}`, '[data-testid="person-row"]'],
  ["rules", "#/settings", '[data-testid="rule-row"]', '[data-testid="rules-manager"]'],
];
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

// A campaign sent to the segment: one person agreed to the newsletter, the other is on the skip list.
const newsletterFile = join(dir, "newsletter.txt");
writeFileSync(newsletterFile, "Hi {{ person.first_name }}, here is what is new this spring.");
cli("templates", "add", "--name", "Spring newsletter", "--lang", "en", "--subject", "Spring news for {{ person.first_name }}", "--body-file", newsletterFile);
for (const id of ids.slice(0, 1)) cli("consent", "add", String(id), "--channel", "email", "--purpose", "newsletter");
const campaign = cli("campaigns", "add", "--name", "Spring newsletter", "--channel", "email", "--purpose", "newsletter", "--budget", "1500", "--currency", "EUR");
cli("campaigns", "cost", String(campaign.id), "--amount", "250,50", "--date", new Date().toISOString().slice(0, 10), "--note", "Design");
cli("campaigns", "members", String(campaign.id), "--segment", String(segment.id));
cli("campaigns", "send", String(campaign.id), "--template", "Spring newsletter");
cli("campaigns", "add", "--name", "Trade fair", "--channel", "event", "--purpose", "events");
// An A/B test of two subjects over the same members, its test portion sent: the A/B results table.
const abTest = cli("campaigns", "add", "--name", "Subject test", "--channel", "email", "--purpose", "newsletter");
cli("campaigns", "members", String(abTest.id), "--segment", String(segment.id));
cli("campaigns", "abtest", String(abTest.id), "--variant", "Spring newsletter", "--variant", "Spring newsletter:What is new at Tulp", "--percent", "100", "--seed", "7");
cli("campaigns", "send", String(abTest.id), "--test");

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
        for (const [name, hash, ready, scrollTo] of ROUTES) {
          await s.exec(`location.hash = ${JSON.stringify(hash)}`);
          for (const css of [ready].flat()) await s.find(css, 10000);
          if (scrollTo) await s.exec(`document.querySelector(${JSON.stringify(scrollTo)}).scrollIntoView({ block: "start" })`);
          await new Promise((r) => setTimeout(r, 500));
          await s.screenshot(join(OUT, `${name}-${lang}-${theme}-${w}.png`));
        }
        // A segment opened as a list, with its editor.
        await s.exec(`location.hash = "#/segments/${segment.id}"`);
        await s.click('[data-testid="segment-edit"]');
        await s.find('[data-testid="segment-condition"]', 10000);
        await new Promise((r) => setTimeout(r, 800));
        await s.screenshot(join(OUT, `segment-editor-${lang}-${theme}-${w}.png`));
        // A campaign with its report, members and responses, and costs.
        await s.exec(`location.hash = "#/campaigns/${campaign.id}"`);
        await s.find('[data-testid="campaign-report"]', 10000);
        await new Promise((r) => setTimeout(r, 600));
        await s.screenshot(join(OUT, `campaign-${lang}-${theme}-${w}.png`));
        await s.exec(`location.hash = "#/campaigns/${abTest.id}"`);
        await s.find('[data-testid="ab-results"]', 10000);
        await new Promise((r) => setTimeout(r, 600));
        await s.screenshot(join(OUT, `campaign-ab-${lang}-${theme}-${w}.png`));
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
        await s.find('[data-testid="record-title"]'); // not the loading skeleton
        await new Promise((r) => setTimeout(r, 400));
        await s.screenshot(join(OUT, `person-${lang}-${theme}-${w}.png`));
        // The Support page with its calls card.
        await s.exec('location.hash = "#/support"');
        await s.find('[data-testid="figure-calls"]', 10000);
        await s.exec('document.querySelector(\'[data-testid="figure-calls"]\').scrollIntoView({ block: "center" })');
        await new Promise((r) => setTimeout(r, 400));
        await s.screenshot(join(OUT, `support-calls-${lang}-${theme}-${w}.png`));
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
