// App memory with a large store open: starts the real app through tauri-driver on a generated data dir,
// opens the people list, waits until it is idle, then sums the memory of the app process and every
// process it started (WebKitWebProcess, WebKitNetworkProcess). Run it through rss.sh.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { APP, withApp } from "../e2e/app.mjs";

const PEOPLE = Number(process.env.RSS_PEOPLE ?? 1000000);
const IDLE_MS = Number(process.env.RSS_IDLE_MS ?? 15000);
const GENERATOR = resolve(process.env.RELATA_BENCH_BIN ?? "target/release/relata");

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

/** The app (found by its command line) and all its descendants. */
function appTree(dir) {
  const all = processes();
  const root = all.find((p) => {
    try {
      const cmd = readFileSync(`/proc/${p.pid}/cmdline`, "utf8").split("\0");
      return resolve(cmd[0]) === APP && cmd.includes(dir);
    } catch {
      return false;
    }
  });
  if (!root) throw new Error("the app process was not found");
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((p) => p.ppid === tree[i].pid));
  return tree;
}

const dir = dataDir();
await withApp(dir, async (s) => {
  await s.click('[data-testid="nav-people"]');
  await s.find('[data-testid="person-row"]', 60000);
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const rows = appTree(dir).map((p) => ({
    process: p.comm,
    pid: p.pid,
    rss_mb: kb(`/proc/${p.pid}/status`, "VmRSS") / 1024,
    pss_mb: kb(`/proc/${p.pid}/smaps_rollup`, "Pss") / 1024,
  }));
  const total = (k) => rows.reduce((sum, r) => sum + r[k], 0);
  for (const r of rows) console.log(`${r.process.padEnd(22)} ${String(r.pid).padStart(8)}  RSS ${r.rss_mb.toFixed(1).padStart(7)} MB  PSS ${r.pss_mb.toFixed(1).padStart(7)} MB`);
  console.log(`total                           RSS ${total("rss_mb").toFixed(1).padStart(7)} MB  PSS ${total("pss_mb").toFixed(1).padStart(7)} MB (goal ≤ 150 MB)`);
  console.log(JSON.stringify({ app: APP, data_dir: dir, idle_ms: IDLE_MS, processes: rows, total_rss_mb: total("rss_mb"), total_pss_mb: total("pss_mb") }));
});
