// What every end-to-end test needs: the app binary, a fresh data dir (optionally seeded through the
// CLI), and a WebDriver session on the real window that always ends.

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session } from "./webdriver.mjs";

export const APP = resolve(process.env.RELATA_APP ?? "target/debug/relata");
const SHOTS = process.env.E2E_SHOTS_DIR;

/** Runs the relata CLI on `dir` and parses its JSON output. */
export function cli(dir, ...args) {
  // Large listings (thousands of orders) exceed execFileSync's default 1 MB buffer.
  return JSON.parse(execFileSync(APP, ["--data-dir", dir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 }));
}

/** A new data dir with each CLI command run on it; `out` holds their JSON results. */
export function seeded(...commands) {
  const dir = mkdtempSync(join(tmpdir(), "relata-e2e-"));
  return { dir, out: commands.map((args) => cli(dir, ...args)) };
}

/** Starts the app on `dir`, waits for its window to be ready (`readyMs`: longer for a first open that
 * encrypts a plaintext store), runs `fn`, then closes it (with a screenshot under E2E_SHOTS_DIR when asked
 * for one). */
export async function withApp(dir, fn, shotName, readyMs = 20000) {
  const s = await launch(dir);
  try {
    await s.find('[data-testid="nav-people"]', readyMs);
    await fn(s);
    if (SHOTS && shotName) await s.screenshot(join(SHOTS, `${shotName}.png`));
  } finally {
    await s.quit();
    await untilExited(dir);
  }
}

/** A WebDriver session on the app. When tauri-driver loses its connection to WebKitWebDriver (seen once
 * under heavy load: "connection refused", then no answer), the request fails without any WebDriver error;
 * that launch is cleaned up and tried again, at most twice. An error WebDriver answers with (the app did
 * not start, say) is not retried. */
async function launch(dir) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await Session.start(APP, ["--data-dir", dir]);
    } catch (e) {
      if (e.webdriverError || attempt === 3) throw e;
      console.log(`session start failed without a WebDriver answer (${e.message}); retrying (${attempt}/2)`);
      await untilExited(dir);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

/** Closing the window only hides Relata in the tray, and a second launch would just focus the running one,
 * so after a session the app is quit the way the OS does at logout (SIGTERM) and awaited. On a loaded machine
 * the exit can take seconds; a survivor would swallow the next test's launch, so it is killed at last. */
async function untilExited(dir) {
  const running = () => {
    try {
      return execFileSync("pgrep", ["-f", `${APP} --data-dir ${dir}`], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
    } catch {
      return [];
    }
  };
  const signal = (sig) => running().forEach((pid) => { try { process.kill(Number(pid), sig); } catch { /* gone */ } });
  for (let i = 0; i < 300 && running().length; i++) {
    if (i === 10) signal("SIGTERM");
    if (i === 200) signal("SIGKILL");
    await new Promise((r) => setTimeout(r, 100));
  }
  if (running().length) throw new Error(`the app on ${dir} did not exit`);
}
