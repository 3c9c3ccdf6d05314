// End to end for the import wizard in the real app: a Windows-1252 export with `;` separators is previewed
// with its encoding detected, one column's mapping is changed, a bad row is rejected with its row number,
// the accepted rows land, and the whole batch is undone from the history. The store is checked via the CLI.

import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, seeded, withApp } from "./app.mjs";

const CSV = [
  "First Name;Last Name;E-mail;Lead Source;Budget",
  "Jan;de Vries;jan@voorbeeld.nl;Beurs;1.234,56",
  "Søren;Ærø;not-an-email;Web;99,5",
  "Mariëtte;Böhm;mariette@voorbeeld.nl;Web;0,75",
].join("\r\n");

test("a Windows-1252 CSV is previewed, remapped, imported with its rejected row, and undone", async () => {
  const { dir } = seeded();
  const file = join(dir, "beurs-leads.csv");
  // latin1 and Windows-1252 agree on every character used here (ø, Æ, ë, ö).
  writeFileSync(file, Buffer.from(CSV, "latin1"));
  await withApp(dir, async (s) => {
    await s.click('[data-testid="nav-import"]');
    await s.find('[data-testid="import-page"]');
    await s.type('input[name="path"]', file);
    await s.click('[data-testid="import-preview"]');
    const detected = await s.waitForText('[data-testid="import-detected"]', "Delimiter");
    assert.match(detected, /windows-1252/i);
    assert.match(detected, /;/);
    // The preview shows the decoded names, and the known headers are mapped on their own.
    await s.waitForText(".import-preview-table td", "Søren");
    assert.equal(await s.exec('return document.querySelector(\'select[name="mapping.2"]\').value'), "field:email");
    await s.selectOption('select[name="mapping.4"]', "ignore");
    await s.click('[data-testid="import-start"]');
    const result = await s.waitForText('[data-testid="import-result"]', "created", 30000);
    assert.match(result, /2 created, 0 updated, 0 skipped, 1 rejected/);
    const rejected = await s.texts('[data-testid="import-error-row"]');
    assert.equal(rejected.length, 1);
    assert.match(rejected[0], /^3\b/, `the bad row is named by its line in the file: ${rejected[0]}`);
    assert.match(rejected[0], /email/i);
  }, "import-result");

  // A "Lead Source" column makes the rows leads; the ignored Budget column became no custom field.
  const leads = cli(dir, "leads", "list", "--json");
  assert.deepEqual(leads.map((l) => l.name).sort(), ["Jan de Vries", "Mariëtte Böhm"]);
  assert.ok(leads.every((l) => Object.keys(l.custom).length === 0), JSON.stringify(leads));

  await withApp(dir, async (s) => {
    await s.click('[data-testid="nav-import"]');
    await s.waitForText('[data-testid="import-batch"]', "beurs-leads.csv");
    await s.click('[data-testid="import-batch"] button');
    await s.waitForText('[data-testid="toast"]', "2 removed");
  });
  assert.equal(cli(dir, "people", "list", "--json").length, 0, "undo removed the batch");
});

test("a large import is listed at once and becomes searchable as the background indexer catches up", async () => {
  const { dir } = seeded();
  const file = join(dir, "large.csv");
  // 5,000 people are indexed with the import itself; the 300 after them go to the background indexer.
  const rows = 5300;
  const lines = ["First Name,Last Name,Email"];
  for (let i = 0; i < rows; i++) lines.push(`Bulk${i},Person${i},bulk${i}@example.com`);
  writeFileSync(file, lines.join("\n"));
  await withApp(dir, async (s) => {
    await s.click('[data-testid="nav-import"]');
    await s.type('input[name="path"]', file);
    await s.click('[data-testid="import-preview"]');
    await s.waitForText('[data-testid="import-detected"]', "Delimiter");
    await s.click('[data-testid="import-start"]');
    await s.waitForText('[data-testid="import-result"]', "5,300 created", 120000);
    // The indexer runs in the app's background loop and reports through the typed event.
    await s.waitForText('[data-testid="search-index-done"]', "can be found by search", 120000);
    await s.click('[data-testid="nav-people"]');
    await s.find('[data-testid="person-row"]');
    await s.type('[data-testid="list-search"]', "Bulk5299");
    // Exactly the one person, found by the search index once typing settled (not an earlier prefix).
    const deadline = Date.now() + 10000;
    let rows = [];
    while (Date.now() < deadline) {
      // Read in one script: the list re-renders while results arrive, which would stale element handles.
      rows = await s.exec('return [...document.querySelectorAll(\'[data-testid="person-row"]\')].map((r) => r.textContent)');
      if (rows.length === 1 && rows[0].includes("Person5299")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(rows.length, 1, `one row for Bulk5299: ${rows.join(" | ")}`);
    assert.match(rows[0], /Bulk5299\s*Person5299/);
  }, "import-indexed");
});

test("a shop's order lines are imported with the order options, reported, and add up to the file", async () => {
  const { dir } = seeded();
  const file = join(dir, "shop-orders.csv");
  // 8,000 invoices of two lines: 16,000 lines against an empty store, so the import sets the orders' and the
  // people's secondary indexes aside and builds them again before it commits. Every 16th invoice has no
  // customer; those lines are skipped, as chosen in the form.
  const invoices = 8000;
  const lines = ["InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"];
  let cents = 0;
  for (let k = 0; k < invoices; k++) {
    const customer = k % 16 === 0 ? "" : String(20000 + k);
    for (let l = 0; l < 2; l++) {
      const quantity = 1 + ((k + l) % 3);
      const price = 150 + ((k * 7 + l * 13) % 500);
      if (customer) cents += quantity * price;
      const day = `2026-0${1 + (k % 9)}-${String(1 + (k % 28)).padStart(2, "0")} 10:${String(k % 60).padStart(2, "0")}`;
      lines.push(`${500000 + k},SKU${(k * 3 + l) % 250},Item ${(k * 3 + l) % 250},${quantity},${day},${(price / 100).toFixed(2)},${customer},Netherlands`);
    }
  }
  writeFileSync(file, lines.join("\n"));
  const anonymous = invoices / 16;
  await withApp(dir, async (s) => {
    await s.click('[data-testid="nav-import"]');
    await s.selectOption('select[name="entity"]', "orders");
    await s.type('input[name="path"]', file);
    await s.click('[data-testid="import-preview"]');
    await s.waitForText('[data-testid="import-detected"]', "Delimiter");
    await s.find('[data-testid="import-order-options"]');
    await s.selectOption('select[name="order_currency"]', "DKK");
    await s.type('input[name="order_timezone"]', "Europe/Copenhagen");
    await s.selectOption('select[name="order_anonymous"]', "skip");
    await s.click('[data-testid="import-start"]');
    const result = await s.waitForText('[data-testid="import-order-result"]', "orders", 120000);
    const customers = (invoices - anonymous).toLocaleString("en");
    assert.match(result, new RegExp(`${customers} orders \\(0 returns\\), ${customers} new customers, 250 new products`));
    assert.match(result, new RegExp(`0 imported as anonymous sales, ${(2 * anonymous).toLocaleString("en")} skipped`));
  }, "import-orders");
  const orders = cli(dir, "orders", "list", "--json");
  assert.equal(orders.length, invoices - anonymous);
  assert.ok(orders.every((o) => o.currency === "DKK"), "the currency chosen in the form");
  assert.equal(orders.reduce((sum, o) => sum + o.gross_minor, 0), cents, "the orders add up to the file's lines");
  // The file's times are read in the zone typed in the form: 10:17 on 18 September in Copenhagen is 08:17 UTC.
  const order = orders.find((o) => o.number === "500017");
  assert.equal(order.ordered_on, "2026-09-18");
  assert.equal(order.ordered_at, Date.UTC(2026, 8, 18, 8, 17) / 1000);
});
