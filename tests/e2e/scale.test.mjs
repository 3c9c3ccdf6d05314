// The real app on a generated store (100k people by default): the people list shows quickly, scrolling
// loads more rows while the DOM keeps only a window of them, and typing in search updates the results.
// Times are measured in the page (performance.now() and a MutationObserver), printed, and held only to
// generous bounds: the bench (`relata bench`) is where speed goals are reported.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { APP, withApp } from "./app.mjs";
import { waitFor } from "./webdriver.mjs";

const PEOPLE = Number(process.env.E2E_SCALE_PEOPLE ?? 100000);
// A release binary generates about ten times faster than the debug app; CI may point this at one.
const GENERATOR = resolve(process.env.RELATA_BENCH_BIN ?? APP);

/** A script that starts a timer in the page, runs `action`, and stops the timer (in the page, from a
 * MutationObserver) once `done` holds. Both are pasted in as source: the app's CSP forbids eval. */
function timedScript(action, done) {
  return `
    const needle = arguments[0];
    const done = () => { ${done} };
    window.__scale = { start: performance.now(), end: null };
    const check = () => {
      if (window.__scale.end === null && done()) {
        window.__scale.end = performance.now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    ${action}
    check();`;
}

async function timed(s, action, done, needle = "", boundMs = 30000) {
  await s.exec(timedScript(action, done), [needle]);
  const r = await waitFor("the timed change", async () => {
    const v = await s.exec("return window.__scale;");
    return v.end !== null && v;
  }, boundMs);
  return r.end - r.start;
}

const ROWS = 'document.querySelectorAll("[data-testid=person-row]")';

test(`the people list stays fast on ${PEOPLE} generated people`, { timeout: 20 * 60 * 1000 }, async () => {
  // E2E_SCALE_DATA_DIR keeps (or reuses) the generated store between runs.
  const dir = process.env.E2E_SCALE_DATA_DIR ?? mkdtempSync(join(tmpdir(), "relata-scale-"));
  if (!existsSync(join(dir, "relata.db"))) {
    const t0 = Date.now();
    execFileSync(GENERATOR, ["--data-dir", dir, "bench", "generate", "--people", String(PEOPLE)], { stdio: ["ignore", "ignore", "inherit"] });
    console.log(`generated ${PEOPLE} people in ${((Date.now() - t0) / 1000).toFixed(1)} s with ${GENERATOR}`);
  }

  await withApp(dir, async (s) => {
    const showMs = await timed(s, 'document.querySelector("[data-testid=nav-people]").click();', `return ${ROWS}.length > 0;`);
    console.log(`people list shown in ${showMs.toFixed(0)} ms`);
    assert.ok(showMs < 10000, `the list shows within 10 s (took ${showMs} ms)`);

    // Counted in the page, not through element handles: the list may re-render while a handle is made.
    const rowCount = () => s.exec(`return ${ROWS}.length;`);
    const firstRows = await rowCount();
    const maxIndex = () => s.exec(`return Math.max(...Array.from(${ROWS}, (r) => Number(r.dataset.rowIndex)));`);
    // Scroll to the end of what is loaded until three more pages came in: each scroll fetches the next.
    const scroll = 'const el = document.querySelector(".table-scroll"); el.scrollTop = el.scrollHeight; return [el.scrollTop, el.scrollHeight, el.clientHeight];';
    const deepest = await waitFor("rows past the first pages", async () => {
      await s.exec(scroll);
      const m = await maxIndex();
      return m >= 350 && m;
    }, 30000, 250);
    const domRows = await rowCount();
    console.log(`scrolled to row ${deepest}; ${domRows} rows in the DOM (first view: ${firstRows})`);
    assert.ok(domRows < 120, `the DOM keeps a window of rows, not all of them (${domRows})`);
    const count = await s.textOf('[data-testid="people-page"] .page-subtitle');
    assert.match(count.replace(/[.,\u00a0\u202f ]/g, ""), new RegExp(String(PEOPLE)), `the count shows every person: ${count}`);

    // A name every Danish part of the dataset has, typed with its ø: the results must all match it.
    const needle = "Sørensen";
    const searchMs = await timed(
      s,
      `const input = document.querySelector("[data-testid=list-search]");
       const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
       set.call(input, needle);
       input.dispatchEvent(new Event("input", { bubbles: true }));`,
      `const rows = ${ROWS}; return rows.length > 0 && Array.from(rows).every((r) => r.textContent.includes(needle));`,
      needle,
    );
    console.log(`search results for "${needle}" in ${searchMs.toFixed(0)} ms (150 ms of it is the typing debounce)`);
    assert.ok(searchMs < 3000, `typing in search updates the results within 3 s (took ${searchMs} ms)`);

    // The Dashboard over the generated order history: from the click until every card is drawn (the issue's
    // goal is 500 ms at 1M in a release build; `relata bench` reports the core's share, analytics_dashboard).
    const dashMs = await timed(
      s,
      'document.querySelector("[data-testid=nav-dashboard]").click();',
      'const grid = document.querySelector(".dash-grid"); return grid !== null && grid.querySelectorAll(".dash-card").length >= 6 && grid.querySelector("canvas") !== null;',
      "",
      120000,
    );
    console.log(`dashboard drawn in ${dashMs.toFixed(0)} ms`);
    // The generated store is plaintext, so the first open encrypts it (behind the startup progress screen)
    // before the people list can show: allow minutes for that.
  }, "scale-people", 10 * 60 * 1000);
});
