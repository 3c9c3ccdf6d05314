// Countries in address forms: the core says which codes exist (COUNTRY_CODES); the form shows each as its
// name in the reader's language and sends the code. Text that names none of them goes to the core as typed,
// which reads other spellings itself or keeps the text (an imported "Narnia" is never lost).
import { COUNTRY_CODES } from "../bindings";

const KNOWN = new Set<string>(COUNTRY_CODES);
const cache = new Map<string, { names: Map<string, string>; byName: Map<string, string>; sorted: { code: string; name: string }[] }>();

function table(locale: string) {
  let t = cache.get(locale);
  if (!t) {
    let display: Intl.DisplayNames | null = null;
    try {
      display = new Intl.DisplayNames([locale], { type: "region" });
    } catch {
      display = null;
    }
    const names = new Map<string, string>();
    const byName = new Map<string, string>();
    for (const code of COUNTRY_CODES) {
      const name = display?.of(code) ?? code;
      names.set(code, name);
      if (!byName.has(fold(name, locale))) byName.set(fold(name, locale), code);
    }
    const sorted = [...names].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, locale));
    t = { names, byName, sorted };
    cache.set(locale, t);
  }
  return t;
}

const fold = (s: string, locale: string) => s.trim().toLocaleLowerCase(locale);

/** Every country, by name in `locale`'s order, for the form's suggestions. */
export function countryOptions(locale: string): { code: string; name: string }[] {
  return table(locale).sorted;
}

/** What the form shows for a stored country: a known code's name, else the stored text. */
export function countryToText(stored: string | null | undefined, locale: string): string {
  if (!stored) return "";
  return KNOWN.has(stored) ? table(locale).names.get(stored) ?? stored : stored;
}

/** What the form sends: the code of a shown name or a typed code, else the text as typed. */
export function countryFromText(text: string, locale: string): string {
  const t = text.trim();
  if (t === "") return "";
  if (/^[A-Za-z]{2}$/.test(t) && KNOWN.has(t.toUpperCase())) return t.toUpperCase();
  return table(locale).byName.get(fold(t, locale)) ?? t;
}
