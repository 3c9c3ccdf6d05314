// Fails when any language misses a key, has an extra one or changes a placeholder, when the code
// uses a literal key that English lacks (also the keys the Rust side uses: notify_text.rs, system_event.rs), when a text addresses the user formally (Sie, u, Dem: the
// product says du/je/du; see FORMAL_ADDRESS for what is and is not caught), or when two tabs of one
// set read the same in a language.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { compareLocales, duplicateTabLabels, formalAddress, missingRustKeys, missingUsedKeys } from "./i18n-lib.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, "src", "i18n", "locales");
const LANGS = ["en", "nl", "de", "da"];
const locales = Object.fromEntries(LANGS.map((l) => [l, JSON.parse(readFileSync(join(dir, `${l}.json`), "utf8"))]));

function sources(d) {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [readFileSync(p, "utf8")] : [];
  });
}

const problems = compareLocales(locales, "en");
for (const key of missingUsedKeys(sources(join(root, "src")), locales.en)) problems.push(`en: key used in code but missing: ${key}`);
// The shell's own texts (notifications, tray) come from the same files; compareLocales covers nl, de, da.
const rustFiles = ["app/notify_text.rs", "core/domain/system_event.rs"];
const rust = rustFiles.map((f) => readFileSync(join(root, "..", "src-tauri", f), "utf8"));
for (const key of missingRustKeys(rust, locales.en)) problems.push(`en: key used in ${rustFiles.join(" or ")} but missing: ${key}`);
problems.push(...formalAddress(locales));
// Tab sets: every object named `tabs` (record.tabs.*) plus EXTRA_TAB_GROUPS.
problems.push(...duplicateTabLabels(locales));
if (problems.length > 0) {
  console.error(problems.join("\n"));
  console.error(`i18n check failed: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`i18n check passed: ${LANGS.join(", ")} complete, informal, tab labels distinct`);
