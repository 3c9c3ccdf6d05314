// Shared by `npm run i18n:check` and its vitest test, so the check itself is tested.

/** Flattens nested translation objects into dotted keys. */
export function flatten(obj, prefix = "", out = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object") flatten(v, key, out);
    else out[key] = String(v);
  }
  return out;
}

export function placeholders(text) {
  return [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
}

/**
 * Compares every language with the reference (en, or the first given): missing keys, extra keys,
 * empty values and differing {{placeholders}}. en, nl, de and da share the plural forms one/other,
 * so their key sets must be identical. Returns one line per problem.
 */
export function compareLocales(locales, reference = "en") {
  const problems = [];
  const ref = flatten(locales[reference]);
  for (const [lang, tree] of Object.entries(locales)) {
    const flat = flatten(tree);
    for (const key of Object.keys(ref)) {
      if (!(key in flat)) problems.push(`${lang}: missing key ${key}`);
      else if (flat[key].trim() === "") problems.push(`${lang}: empty value for ${key}`);
      else if (placeholders(flat[key]).join() !== placeholders(ref[key]).join())
        problems.push(`${lang}: placeholders of ${key} differ (${placeholders(flat[key]).join()} vs ${placeholders(ref[key]).join()})`);
    }
    for (const key of Object.keys(flat)) {
      if (!(key in ref)) problems.push(`${lang}: extra key ${key}`);
    }
  }
  return problems;
}

/** Literal keys used in code as t("a.b") that the reference lacks (plural keys match via _one/_other). */
export function missingUsedKeys(sources, referenceTree) {
  const ref = flatten(referenceTree);
  const missing = new Set();
  for (const text of sources) {
    for (const m of text.matchAll(/\bt\(\s*["']([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)+)["']/g)) {
      const key = m[1];
      if (!(key in ref) && !(`${key}_other` in ref)) missing.add(key);
    }
  }
  return [...missing].sort();
}

/**
 * Keys the Rust side uses (native notifications and tray: src-tauri/app/notify_text.rs; the app's own
 * records: src-tauri/core/domain/system_event.rs; both embed these files): every "desktop.…", "system.…"
 * or "scoring.…" string literal in their source that the reference lacks (plural keys match via _one/_other).
 */
export function missingRustKeys(rustSources, referenceTree) {
  const ref = flatten(referenceTree);
  const missing = new Set();
  for (const text of rustSources) {
    for (const m of text.matchAll(/"((?:desktop|system|scoring)(?:\.[A-Za-z0-9_]+)+)"/g)) {
      const key = m[1];
      if (!(key in ref) && !(`${key}_one` in ref && `${key}_other` in ref)) missing.add(key);
    }
  }
  return [...missing].sort();
}

/** A whole-word pattern: letters (any script) must not touch it on either side, unlike ASCII-only \b. */
const word = (alternatives, flags = "") => new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, `u${flags}`);

/**
 * Formal address the product does not use (it says du/je/du, like the seed texts), per language.
 * Each rule catches words that are formal wherever they stand; what they miss is said beside them.
 * Only the locale files are read: text written into components or the Rust core is not checked.
 *
 * de: capitalised "Sie", "Ihr…" and "Ihnen" anywhere. Lowercase sie/ihr (they, her, their) is never
 *     flagged. A sentence that starts with "Sie" or "Ihre" meaning "they"/"her" IS flagged: the reader
 *     cannot tell it from the formal word either, so reword it ("Die Regel bleibt …"); so is the
 *     plural "Ihr" (you all), which a single user is never called. Not covered:
 *     formal wording without a pronoun (there is hardly any in German), and the tone of infinitive
 *     labels ("Datei wählen"), which are fine.
 * nl: "u", "uw", "uzelf" in any case. It would also flag "u" as the abbreviation of "uur" or a key
 *     named U ("druk op U"): write "uur", and name keys another way. Not covered: formal verb forms
 *     without the pronoun (an imperative reads the same for je and u).
 * da: "Dem" and "Deres" capitalised anywhere (lowercase dem/deres are them/their), and a capital "De"
 *     in the middle of a sentence (after a lowercase word, digit or comma), where the article and
 *     "they" would be lowercase. Not covered: "De" at the start of a sentence, which is usually the
 *     article ("De næste 7 dage") or "they" ("De stopper …"), so "De kan …" formal there slips through.
 */
export const FORMAL_ADDRESS = {
  de: [
    { word: "Sie", pattern: word("Sie") },
    { word: "Ihr…", pattern: word("Ihr(?:e|en|em|er|es)?") },
    { word: "Ihnen", pattern: word("Ihnen") },
  ],
  nl: [
    { word: "u", pattern: word("u", "i") },
    { word: "uw", pattern: word("uw|uwe", "i") },
    { word: "uzelf", pattern: word("uzelf", "i") },
  ],
  da: [
    { word: "Dem", pattern: word("Dem") },
    { word: "Deres", pattern: word("Deres") },
    { word: "De (mid-sentence)", pattern: /(?<=[\p{Ll}\p{N},] )De(?![\p{L}\p{N}_])/u },
  ],
};

/** The text a reader sees: {{placeholders}} and {name} tokens become a neutral "0" so they match nothing. */
const visibleText = (text) => text.replace(/\{\{[^}]*\}\}|\{[\w.]+\}/g, "0");

/**
 * Strings that address the user formally, per language with rules (languages without rules, like en,
 * are skipped). Returns one line per hit: language, word, key and the text.
 */
export function formalAddress(locales, rules = FORMAL_ADDRESS) {
  const problems = [];
  for (const [lang, tree] of Object.entries(locales)) {
    for (const [key, text] of Object.entries(flatten(tree))) {
      for (const rule of rules[lang] ?? []) {
        if (rule.pattern.test(visibleText(text))) problems.push(`${lang}: formal address "${rule.word}" in ${key}: ${JSON.stringify(text)}`);
      }
    }
  }
  return problems;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/**
 * Groups shown side by side as tabs or segmented buttons that predate the `tabs` naming:
 * entity (record type tabs in Settings → Custom fields), taskState (the Tasks page filter),
 * activityKind (the composer's kind buttons). New tab sets go under a `tabs` object instead.
 */
export const EXTRA_TAB_GROUPS = ["entity", "taskState", "activityKind"];

/**
 * Groups of keys shown side by side as tabs. By convention every object named `tabs` is one set
 * (record.tabs.timeline, record.tabs.history); `extra` names further groups used as tabs or segmented
 * buttons that predate the convention (EXTRA_TAB_GROUPS). Plural forms of one tab count as one tab.
 * Returns set name → tab keys (without plural suffix), from the reference tree.
 */
export function tabSets(referenceTree, extra = EXTRA_TAB_GROUPS) {
  const sets = new Map();
  for (const key of Object.keys(flatten(referenceTree))) {
    const m = key.match(/^((?:.+\.)?tabs)\.([^.]+)$/);
    const group = m ? m[1] : extra.find((g) => key.startsWith(`${g}.`) && !key.slice(g.length + 1).includes("."));
    if (!group) continue;
    const base = key.replace(PLURAL_SUFFIX, "");
    if (!sets.has(group)) sets.set(group, []);
    if (!sets.get(group).includes(base)) sets.get(group).push(base);
  }
  return sets;
}

/**
 * Two tabs of one set with the same label (trimmed, ignoring case) in some language. Tab sets come
 * from the reference language (see tabSets). Returns one line per clash: language, both keys, the label.
 */
export function duplicateTabLabels(locales, extra = EXTRA_TAB_GROUPS, reference = "en") {
  const problems = [];
  const sets = tabSets(locales[reference], extra);
  for (const [lang, tree] of Object.entries(locales)) {
    const flat = flatten(tree);
    const label = (base) => flat[`${base}_other`] ?? flat[base] ?? flat[`${base}_one`];
    for (const [group, keys] of sets) {
      const seen = new Map();
      for (const key of keys) {
        const text = label(key);
        if (text === undefined) continue;
        const norm = text.trim().toLocaleLowerCase(lang);
        if (seen.has(norm)) problems.push(`${lang}: tabs ${seen.get(norm)} and ${key} in ${group} both read ${JSON.stringify(text)}`);
        else seen.set(norm, key);
      }
    }
  }
  return problems;
}
