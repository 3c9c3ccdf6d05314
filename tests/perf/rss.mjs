// App memory with a large store open, against an empty Tauri window in the same run. Starts the baseline
// (examples/blank_window.rs: the same Tauri and WebKit, a blank page, nothing of Relata) through tauri-driver
// and, once it idles, sums the memory of its process tree; then the real app on a generated data dir: opens
// the people list, waits until it is idle, and sums its tree (relata, WebKitWebProcess,
// WebKitNetworkProcess). Reports the relata process alone (goal ≤ 100 MB RSS) and the whole app against the
// baseline (goal ≤ 1.2×, by PSS: the WebKit libraries shared by the processes of a tree count once).
// RSS_SHOTS_DIR keeps a screenshot of each window. Run it through rss.sh.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { APP, withApp } from "../e2e/app.mjs";
import { Session } from "../e2e/webdriver.mjs";

const PEOPLE = Number(process.env.RSS_PEOPLE ?? 1000000);
const IDLE_MS = Number(process.env.RSS_IDLE_MS ?? 15000);
// A plaintext store is encrypted at the app's first open (about a minute at 1M people in a release build).
const READY_MS = Number(process.env.RSS_READY_MS ?? 600000);
const GENERATOR = resolve(process.env.RELATA_BENCH_BIN ?? "target/release/relata");
const BLANK = resolve(process.env.RELATA_BLANK_APP ?? "target/debug/examples/blank_window");
const SHOTS = process.env.RSS_SHOTS_DIR;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

function dataDir() {
  if (process.env.RSS_DATA_DIR && existsSync(join(process.env.RSS_DATA_DIR, "relata.db"))) return process.env.RSS_DATA_DIR;
  const dir = process.env.RSS_DATA_DIR ?? mkdtempSync(join(tmpdir(), "relata-rss-"));
  const t0 = Date.now();
  execFileSync(GENERATOR, ["--data-dir", dir, "bench", "generate", "--people", String(PEOPLE)], { stdio: ["ignore", "ignore", "inherit"] });
  console.error(`generated ${PEOPLE} people in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return dir;
}

/** kB of `field` in a /proc file, 0 when the process is gone. */
function kb(file, field) {
  try {
    const line = readFileSync(file, "utf8").split("\n").find((l) => l.startsWith(field + ":"));
    return line ? Number(line.split(/\s+/)[1]) : 0;
  } catch {
    return 0;
  }
}

function processes() {
  return readdirSync("/proc").filter((d) => /^\d+$/.test(d)).flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      return [{ pid: Number(pid), ppid, comm }];
    } catch {
      return [];
    }
  });
}

/** A process (found by its binary and, if given, an argument) and all its descendants. */
function tree(binary, arg) {
  const all = processes();
  const root = all.find((p) => {
    try {
      const cmd = readFileSync(`/proc/${p.pid}/cmdline`, "utf8").split("\0");
      return resolve(cmd[0]) === binary && (arg === undefined || cmd.includes(arg));
    } catch {
      return false;
    }
  });
  if (!root) throw new Error(`${binary} was not found running`);
  const found = [root];
  for (let i = 0; i < found.length; i++) found.push(...all.filter((p) => p.ppid === found[i].pid));
  return found;
}

/** RSS and PSS of every process of a tree, the root first, and their sums. */
function measure(procs) {
  const rows = procs.map((p) => ({
    process: p.comm,
    pid: p.pid,
    rss_mb: kb(`/proc/${p.pid}/status`, "VmRSS") / 1024,
    // Heap and other private memory vs mapped files (the binary, WebKit's libraries): what a change can shrink.
    anon_mb: kb(`/proc/${p.pid}/status`, "RssAnon") / 1024,
    file_mb: kb(`/proc/${p.pid}/status`, "RssFile") / 1024,
    pss_mb: kb(`/proc/${p.pid}/smaps_rollup`, "Pss") / 1024,
  }));
  const sum = (k) => rows.reduce((total, r) => total + r[k], 0);
  return { processes: rows, root_rss_mb: rows[0].rss_mb, total_rss_mb: sum("rss_mb"), total_pss_mb: sum("pss_mb") };
}

function print(title, m) {
  console.log(title);
  for (const r of m.processes) console.log(`  ${r.process.padEnd(22)} ${String(r.pid).padStart(8)}  RSS ${r.rss_mb.toFixed(1).padStart(7)} MB (anon ${r.anon_mb.toFixed(1)}, files ${r.file_mb.toFixed(1)})  PSS ${r.pss_mb.toFixed(1).padStart(7)} MB`);
  console.log(`  ${"total".padEnd(31)}  RSS ${m.total_rss_mb.toFixed(1).padStart(7)} MB  PSS ${m.total_pss_mb.toFixed(1).padStart(7)} MB`);
}

const idle = () => new Promise((r) => setTimeout(r, IDLE_MS));

// The baseline first, in the same run and environment (display, driver, WEBKIT_* variables): an empty
// Tauri window (examples/blank_window.rs), launched the same way as the app.
const blank = await Session.start(BLANK);
let baseline;
try {
  await idle();
  baseline = measure(tree(BLANK));
  if (SHOTS) await blank.screenshot(join(SHOTS, "blank.png"));
} finally {
  await blank.quit();
}
print("empty Tauri window (baseline)", baseline);

const dir = dataDir();
let app;
await withApp(dir, async (s) => {
  await s.click('[data-testid="nav-people"]');
  await s.find('[data-testid="person-row"]', 60000);
  await idle();
  app = measure(tree(APP, dir));
  if (SHOTS) await s.screenshot(join(SHOTS, "people.png"));
}, undefined, READY_MS);
print("Relata, people list open", app);
const ratio = app.total_pss_mb / baseline.total_pss_mb;
console.log(`relata process alone: RSS ${app.root_rss_mb.toFixed(1)} MB (goal ≤ 100 MB)`);
console.log(`whole app / empty window, PSS: ${ratio.toFixed(2)}× (goal ≤ 1.2×); RSS ${(app.total_rss_mb / baseline.total_rss_mb).toFixed(2)}×`);
console.log(JSON.stringify({
  app: APP, baseline: BLANK, data_dir: dir, idle_ms: IDLE_MS,
  compositing_disabled: process.env.WEBKIT_DISABLE_COMPOSITING_MODE ?? null,
  relata_rss_mb: app.root_rss_mb, app_total_pss_mb: app.total_pss_mb, app_total_rss_mb: app.total_rss_mb,
  baseline_total_pss_mb: baseline.total_pss_mb, baseline_total_rss_mb: baseline.total_rss_mb, ratio_pss: ratio,
  app_processes: app.processes, baseline_processes: baseline.processes,
}));
