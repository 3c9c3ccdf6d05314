// The installed package's app, end to end: .ci/installer-test.sh installs the .deb, adds a person through the
// installed CLI, then runs this file through tests/e2e/run.sh with RELATA_APP=/usr/bin/relata and
// INSTALLED_DATA_DIR set to that store. Not named *.test.mjs, so the normal e2e run (no package) skips it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APP, withApp } from "./app.mjs";
import { waitFor } from "./webdriver.mjs";

const DATA_DIR = process.env.INSTALLED_DATA_DIR;
const SHOTS = process.env.INSTALLED_SHOTS_DIR ?? mkdtempSync(join(tmpdir(), "relata-installed-"));

/** How many pixels differ between two same-sized images (ImageMagick prints the count on stderr). A size
 * mismatch or an unreadable image is an error that names the reason, not a silent "differs". */
function differingPixels(a, b) {
  const r = spawnSync("compare", ["-metric", "AE", a, b, "null:"], { encoding: "utf8" });
  const count = Number.parseFloat(r.stderr);
  if (r.status === 2 || Number.isNaN(count)) throw new Error(`compare ${a} ${b}: ${r.stderr.trim()}`);
  return count;
}

test("the installed app opens its window on the CLI's store and shows the person added there", async () => {
  assert.ok(DATA_DIR, "INSTALLED_DATA_DIR names the store the installer test seeded");
  assert.equal(APP, "/usr/bin/relata");
  await withApp(DATA_DIR, async (s) => {
    await s.click('[data-testid="nav-people"]');
    await s.find('[data-testid="people-page"] h1#people-page-title');
    await s.waitForText('[data-testid="person-row"]', "Ann Test", 20000);

    // The real X window, as the desktop sees it: mapped, titled Relata, and (once painted) showing what
    // WebKit rendered for this page. The screen lags the DOM by up to a few seconds under Xvfb, so poll.
    const window = await waitFor("a visible window named Relata", () =>
      execFileSync("xdotool", ["search", "--onlyvisible", "--name", "^Relata$"], { encoding: "utf8" }).trim().split("\n")[0],
    );
    const rendered = join(SHOTS, "webdriver.png");
    const onScreen = join(SHOTS, "window.png");
    // Both pictures are taken afresh on each try: a single WebDriver shot taken while the page was still
    // settling (a list filling in, a toast fading) would never match the screen again. The last difference is
    // kept for the failure message.
    let differing;
    await waitFor("the window on the X screen to show the people list", async () => {
      await s.screenshot(rendered);
      execFileSync("import", ["-window", window, onScreen]);
      differing = differingPixels(onScreen, rendered);
      if (differing >= 1000) throw new Error(`${differing} pixels differ between ${onScreen} and ${rendered}`);
      return true;
    }, 30000, 500);
    assert.ok(differing < 1000);
    execFileSync("import", ["-window", "root", join(SHOTS, "screen.png")]);
  });
});
