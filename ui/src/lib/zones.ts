// The IANA time zones the webview knows, for the pickers that take one (SLA calendars, the order import).

/** Every zone `Intl` lists; empty where it cannot list them (the field still takes a typed name). */
export const TIME_ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
})();

/** The system's zone, as the core reads a time without an offset by default. */
export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "";
}
