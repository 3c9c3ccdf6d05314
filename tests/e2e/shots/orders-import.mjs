// Screenshots of the Import page for order lines in the four languages: the preview with its mapped columns
// (named in the reader's language), the order options (currency, time zone, lines without a customer) and the
// result of the import (orders, returns, new customers and products, lines without a customer, invoices
// already stored).
// Not part of the suite: run it inside tests/e2e/run.sh's environment with E2E_SHOTS_DIR set, e.g.
//   E2E_SHOTS_DIR=/tmp/shots xvfb-run -a dbus-run-session -- bash tests/e2e/run.sh tests/e2e/shots/orders-import.mjs
import { test } from "node:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { seeded, withApp } from "../app.mjs";

const SHOTS = process.env.E2E_SHOTS_DIR ?? "/tmp";
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** A small shop export: returns, a line without a customer, and (from the second language on) invoices the
 * store already has. */
function shopFile(path, first) {
  const lines = ["InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"];
  for (let k = 0; k < 40; k++) {
    const number = k % 10 === 9 ? `C${first + k}` : String(first + k);
    const customer = k % 13 === 0 ? "" : String(17000 + (k % 7));
    lines.push(`${number},TULIP${k % 5},Tulips ${k % 5},${k % 10 === 9 ? -1 : 2},2026-11-${String(1 + (k % 28)).padStart(2, "0")} 09:30,3.25,${customer},Netherlands`);
  }
  writeFileSync(path, lines.join("\n"));
}

test("the order import in four languages", async () => {
  const { dir } = seeded();
  await withApp(dir, async (s) => {
    let first = 600000;
    for (const lang of ["en", "nl", "de", "da"]) {
      await s.click('[data-testid="nav-settings"]');
      await s.selectOption('[data-testid="language-select"]', lang);
      const file = join(dir, `shop-${lang}.csv`);
      // Each file repeats the previous one's last ten invoices: the result reports them as already stored.
      shopFile(file, first);
      first += 30;
      await s.click('[data-testid="nav-import"]');
      await s.selectOption('select[name="entity"]', "orders");
      await s.type('input[name="path"]', file);
      await s.click('[data-testid="import-preview"]');
      await s.find('[data-testid="import-order-options"]');
      await pause(400);
      await s.screenshot(join(SHOTS, `orders-import-${lang}.png`));
      await s.click('[data-testid="import-start"]');
      await s.find('[data-testid="import-order-result"]', 30000);
      await s.exec(`document.querySelector('[data-testid="import-result"]').scrollIntoView({ block: "start" });`);
      await pause(400);
      await s.screenshot(join(SHOTS, `orders-import-result-${lang}.png`));
    }
  });
});
