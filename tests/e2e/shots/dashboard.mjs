// Screenshots of the Dashboard in the four languages: the filters (owner, pipeline, source and segment
// pickers), the revenue chart with its CSV and PNG buttons, and the conversion-by-source card; German also
// dark at 1024×640. Not part of the suite: run it inside tests/e2e/run.sh's environment with E2E_SHOTS_DIR,
//   E2E_SHOTS_DIR=/tmp/shots-dash xvfb-run -a dbus-run-session -- bash tests/e2e/run.sh tests/e2e/shots/dashboard.mjs
import { test } from "node:test";
import { join } from "node:path";
import { cli, seeded, withApp } from "../app.mjs";

const SHOTS = process.env.E2E_SHOTS_DIR ?? "/tmp";
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

test("the dashboard with its filters and exports in four languages", async () => {
  const people = [
    ["Ada", "Lovelace", "web", "kim"],
    ["Jan", "Jansen", "web", "kim"],
    ["Anna", "Schmidt", "fair", "lars"],
    ["Søren", "Larsen", "referral", "lars"],
    ["Lotte", "Bakker", "web", "lars"],
  ];
  const { dir, out } = seeded(
    ...people.map(([f, l, , owner]) => ["people", "add", "--first-name", f, "--last-name", l, "--owner", owner]),
    ["products", "add", "--sku", "TULIP", "--name", "Tulips", "--price", "EUR=12.50"],
  );
  people.forEach(([, , source], i) => cli(dir, "people", "update", String(out[i].id), "--source", source));
  const dates = ["2025-01-10", "2025-02-14", "2025-03-03", "2025-04-22", "2025-05-05", "2025-06-18"];
  dates.forEach((date, i) => {
    const person = out[i % 3].id;
    cli(dir, "orders", "add", "--person", String(person), "--currency", "EUR", "--date", date, "--line", `TULIP=${4 + i * 3}`);
  });
  await withApp(dir, async (s) => {
    for (const lang of ["en", "nl", "de", "da"]) {
      await s.click('[data-testid="nav-settings"]');
      await s.selectOption('[data-testid="language-select"]', lang);
      await s.click('[data-testid="nav-dashboard"]');
      await s.find('[data-testid="revenue-chart"] canvas', 15000);
      await pause(800);
      await s.screenshot(join(SHOTS, `dashboard-${lang}.png`));
      await s.exec(`document.querySelector('[data-testid="dash-conversion"]').scrollIntoView({ block: "start" });`);
      await pause(500);
      await s.screenshot(join(SHOTS, `dashboard-conversion-${lang}.png`));
    }
    await s.selectOption('[data-testid="dash-source"]', "web");
    await pause(800);
    await s.screenshot(join(SHOTS, "dashboard-source-web-da.png"));
    await s.click('[data-testid="nav-settings"]');
    await s.selectOption('[data-testid="language-select"]', "de");
    await s.selectOption('[data-testid="theme-select"]', "dark");
    await s.setWindowSize(1024, 640).catch(() => {});
    await s.click('[data-testid="nav-dashboard"]');
    await s.find('[data-testid="revenue-chart"] canvas', 15000);
    await pause(800);
    await s.screenshot(join(SHOTS, "dashboard-de-dark-small.png"));
  });
});
