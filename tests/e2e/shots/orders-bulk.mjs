// Screenshots of the order page, an order on the person's timeline, and the bulk bar of a segment's people
// list, in the four languages. Not part of the suite: run it inside tests/e2e/run.sh's environment with
// E2E_SHOTS_DIR,
//   E2E_SHOTS_DIR=/tmp/shots-orders xvfb-run -a dbus-run-session -- bash tests/e2e/run.sh tests/e2e/shots/orders-bulk.mjs
import { test } from "node:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, seeded, withApp } from "../app.mjs";

const SHOTS = process.env.E2E_SHOTS_DIR ?? "/tmp";
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

test("the order page, an order on the timeline and the bulk bar in four languages", async () => {
  const { dir, out } = seeded(
    ["people", "add", "--first-name", "Anna", "--last-name", "Schmidt", "--tag", "utrecht"],
    ["people", "add", "--first-name", "Jan", "--last-name", "Jansen", "--tag", "utrecht"],
    ["people", "add", "--first-name", "Søren", "--last-name", "Larsen", "--tag", "utrecht"],
    ["products", "add", "--sku", "TULIP", "--name", "Tulips", "--price", "EUR=12.50"],
    ["products", "add", "--sku", "VASE", "--name", "Glass vase", "--price", "EUR=39.95"],
  );
  const anna = String(out[0].id);
  const order = cli(dir, "orders", "add", "--person", anna, "--currency", "EUR", "--date", "2026-11-20", "--line", "TULIP=12", "--line", "VASE=2");
  const filter = join(dir, "utrecht.json");
  writeFileSync(filter, JSON.stringify({ all: [{ field: "tags", op: "contains", value: "utrecht" }] }));
  cli(dir, "segments", "add", "--name", "Utrecht", "--filter-file", filter);
  await withApp(dir, async (s) => {
    for (const lang of ["en", "nl", "de", "da"]) {
      await s.click('[data-testid="nav-settings"]');
      await s.selectOption('[data-testid="language-select"]', lang);
      await s.exec(`location.hash = "#/orders/${order.id}";`);
      await s.find('[data-testid="order-totals"]', 15000);
      await pause(600);
      await s.screenshot(join(SHOTS, `order-${lang}.png`));
      await s.exec(`location.hash = "#/people/${anna}";`);
      await s.find('[data-testid="timeline-order-link"]', 15000);
      await s.exec(`document.querySelector('[data-testid="timeline-order-link"]').scrollIntoView({ block: "center" });`);
      await pause(600);
      await s.screenshot(join(SHOTS, `order-timeline-${lang}.png`));
      await s.click('[data-testid="nav-segments"]');
      await s.click('[data-testid="segment-row"]');
      await s.click('[data-testid="person-select"]');
      await s.find('[data-testid="bulk-bar"]');
      await pause(600);
      await s.screenshot(join(SHOTS, `bulk-${lang}.png`));
    }
  });
});
