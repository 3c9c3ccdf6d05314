// Names for shapes the generated bindings only spell inline.
import type { Person, Settings } from "../bindings";

/** Custom values keyed by the field's key, as every record carries them. */
export type CustomValues = Person["custom"];

/** Settings with every field present: the core fills defaults, the UI relies on them. */
export type AppSettings = Required<Settings>;

export const DEFAULT_SETTINGS: AppSettings = { language: null, theme: "system", default_currency: "EUR", user_name: null, start_at_login: false, region: null, enrich_on_create: false };

export function completeSettings(s: Settings): AppSettings {
  return {
    language: s.language ?? null,
    theme: s.theme ?? "system",
    default_currency: s.default_currency || "EUR",
    user_name: s.user_name ?? null,
    start_at_login: s.start_at_login ?? false,
    region: s.region ?? null,
    enrich_on_create: s.enrich_on_create ?? false,
  };
}
