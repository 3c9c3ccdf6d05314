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
