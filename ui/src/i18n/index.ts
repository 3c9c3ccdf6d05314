import i18n from "i18next";
import { initReactI18next, useTranslation } from "react-i18next";
import en from "./locales/en.json";
import nl from "./locales/nl.json";
import de from "./locales/de.json";
import da from "./locales/da.json";

import { LANGUAGES, type Language } from "../bindings";

// The languages come from the core (settings refuse any other); each needs its locale file above, which
// the type of RESOURCES enforces.
export { LANGUAGES, type Language };
const RESOURCES: Record<Language, { translation: object }> = {
  en: { translation: en },
  nl: { translation: nl },
  de: { translation: de },
  da: { translation: da },
};

function primary(tag: string | null | undefined): string {
  return (tag ?? "").toLowerCase().replace("_", "-").split("-")[0];
}

function supported(tag: string | null | undefined): Language | null {
  const p = primary(tag);
  return (LANGUAGES as readonly string[]).includes(p) ? (p as Language) : null;
}

/** The setting when it names a language, else the OS locale, else the webview's, else English. */
export function resolveLanguage(
  setting: string | null,
  osLocale: string | null,
  browser: readonly string[] = typeof navigator === "undefined" ? [] : navigator.languages ?? [navigator.language],
): Language {
  return supported(setting) ?? supported(osLocale) ?? browser.map(supported).find((l) => l !== null) ?? "en";
}

let osLocale: string | null = null;

/** Remembers the OS locale so number and date formats can use its region ("en-GB", "de-AT"). */
export function setOsLocale(locale: string | null): void {
  osLocale = locale ? locale.replace("_", "-").split(".")[0] : null;
}

/** The Intl locale for a UI language: the OS locale when it is the same language, so its region applies. */
export function intlLocale(language: string): string {
  if (osLocale && primary(osLocale) === primary(language)) {
    try {
      return Intl.getCanonicalLocales(osLocale)[0];
    } catch {
      /* a malformed OS locale falls through to the bare language */
    }
  }
  return primary(language) || "en";
}

export function useLocale(): string {
  const { i18n: inst } = useTranslation();
  return intlLocale(inst.language);
}

export async function setLanguage(lang: Language): Promise<void> {
  await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

void i18n.use(initReactI18next).init({
  resources: RESOURCES,
  lng: "en",
  fallbackLng: "en",
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes already; double escaping would show &amp;
  initAsync: false,
});

export default i18n;
