// Screenshots of this stop's marketing and customer screens in the four languages: the document library in
// Settings, a paused campaign send with its progress, the People page's bulk bar, the Today page's check-ins
// with their task buttons, "What converted" beside lead scoring, the segment editor's "likely to buy" product field, and the Dashboard's conversion
// by segment. Not part of the suite: run it inside tests/e2e/run.sh's environment with E2E_SHOTS_DIR,
//   E2E_SHOTS_DIR=/tmp/shots-mkt xvfb-run -a dbus-run-session -- bash tests/e2e/run.sh tests/e2e/shots/marketing-extras.mjs
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { APP, cli, seeded, withApp } from "../app.mjs";

const SHOTS = process.env.E2E_SHOTS_DIR ?? "/tmp";
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

test("documents, send progress, People bulk bar, check-ins, likely-to-buy and conversion by segment in four languages", async () => {
  const { dir, out } = seeded(
    ["people", "add", "--first-name", "Anna", "--last-name", "Schmidt", "--email", "anna@example.nl", "--tag", "utrecht"],
    ["people", "add", "--first-name", "Jan", "--last-name", "Jansen", "--email", "jan@example.nl", "--tag", "utrecht"],
    ["people", "add", "--first-name", "Søren", "--last-name", "Larsen", "--email", "soren@example.dk", "--tag", "utrecht"],
    ["products", "add", "--sku", "TULIP", "--name", "Tulips", "--price", "EUR=12.50"],
    ["products", "add", "--sku", "VASE", "--name", "Glass vase", "--price", "EUR=39.95"],
    ["products", "add", "--sku", "POT", "--name", "Clay pot", "--price", "EUR=9.95"],
  );
  const [anna, jan, soren] = out.slice(0, 3).map((p) => String(p.id));
  for (const [person, date, lines] of [
    [anna, "2026-05-04", ["TULIP=10", "VASE=1"]],
    [anna, "2026-06-03", ["TULIP=12"]],
    [anna, "2026-07-02", ["TULIP=8", "POT=2"]],
    [jan, "2026-06-10", ["TULIP=5", "VASE=2"]],
    [jan, "2026-07-15", ["POT=4"]],
    [soren, "2026-08-01", ["TULIP=6"]],
  ]) {
    cli(dir, "orders", "add", "--person", person, "--currency", "EUR", "--date", date, ...lines.flatMap((l) => ["--line", l]));
  }
  const filter = join(dir, "utrecht.json");
  writeFileSync(filter, JSON.stringify({ all: [{ field: "tags", op: "contains", value: "utrecht" }] }));
  const segment = cli(dir, "segments", "add", "--name", "Utrecht", "--filter-file", filter);
  cli(dir, "segments", "pin", String(segment.id));

  // A document in the library (a minimal PDF) and a campaign whose send waits, paused, for an unreachable server.
  const pdf = join(dir, "case-study.pdf");
  writeFileSync(pdf, "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
  cli(dir, "documents", "add", pdf, "--title", "Case study: Bakkerij Smit", "--language", "nl", "--tag", "case");
  const account = ["mail", "account", "add", "--name", "Sales", "--address", "sales@relata.test", "--user", "sales", "--imap-host", "127.0.0.1", "--imap-port", "1", "--smtp-host", "127.0.0.1", "--smtp-port", "1", "--security", "none"];
  execFileSync(APP, ["--data-dir", dir, ...account], { input: "secret\n", encoding: "utf8" });
  for (const id of [anna, jan, soren]) cli(dir, "consent", "add", id, "--channel", "email", "--purpose", "newsletter");
  const body = join(dir, "offer.txt");
  writeFileSync(body, "Hi {{ person.first_name }},\n\nspring is here.\n");
  cli(dir, "templates", "add", "--name", "Offer", "--lang", "en", "--subject", "Spring offer", "--body-file", body);
  const campaign = cli(dir, "campaigns", "add", "--name", "Spring", "--channel", "email", "--purpose", "newsletter");
  cli(dir, "campaigns", "members", String(campaign.id), "--segment", String(segment.id));
  cli(dir, "campaigns", "pause", String(campaign.id));
  cli(dir, "campaigns", "send", String(campaign.id), "--template", "Offer");

  await withApp(dir, async (s) => {
    for (const lang of ["en", "nl", "de", "da"]) {
      await s.click('[data-testid="nav-settings"]');
      await s.selectOption('[data-testid="language-select"]', lang);
      await s.find('[data-testid="document-row"]', 15000);
      await s.exec(`document.querySelector('[data-testid="documents-manager"]').scrollIntoView({ block: "start" });`);
      await pause(600);
      await s.screenshot(join(SHOTS, `documents-${lang}.png`));

      await s.exec(`location.hash = "#/campaigns/${campaign.id}";`);
      await s.find('[data-testid="send-progress"]', 15000);
      await pause(800);
      await s.screenshot(join(SHOTS, `send-progress-${lang}.png`));

      await s.click('[data-testid="nav-people"]');
      await s.click('[data-testid="person-select"]');
      await s.find('[data-testid="bulk-bar"]');
      await pause(600);
      await s.screenshot(join(SHOTS, `people-bulk-${lang}.png`));

      await s.click('[data-testid="nav-today"]');
      await s.find('[data-testid="today-checkins"]', 15000);
      await s.exec(`document.querySelector('[data-testid="today-checkins"]').scrollIntoView({ block: "center" });`);
      await pause(600);
      await s.screenshot(join(SHOTS, `checkins-${lang}.png`));

      await s.click('[data-testid="nav-segments"]');
      await s.click('[data-testid="new-segment"]');
      await s.clickSettled('[data-testid="segment-add-condition"]');
      await s.selectOption('[data-testid="segment-condition"] [data-testid="segment-field"]', "upsell.likely");
      await s.type('[data-testid="segment-condition"] [data-testid="segment-value"]', "VASE");
      await pause(1200);
      await s.screenshot(join(SHOTS, `likely-${lang}.png`));

      await s.click('[data-testid="nav-settings"]');
      await s.find('[data-testid="scoring-conversion"]', 15000);
      await s.exec(`document.querySelector('[data-testid="scoring-conversion"]').scrollIntoView({ block: "center" });`);
      await pause(600);
      await s.screenshot(join(SHOTS, `what-converted-${lang}.png`));

      await s.click('[data-testid="nav-dashboard"]');
      await s.find('[data-testid="dash-conversion"]', 15000);
      await s.exec(`document.querySelector('[data-testid="dash-conversion"]').scrollIntoView({ block: "start" });`);
      await pause(800);
      await s.screenshot(join(SHOTS, `conversion-${lang}.png`));
    }
  });
});
