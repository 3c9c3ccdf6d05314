// Money crosses IPC as integer minor units. Parsing works on the typed string digit by digit so that
// "0,07" becomes exactly 7 and never 6.999…; formatting hands Intl a decimal string for the same reason.
// How many minor digits a currency has comes from the core's ISO 4217 table (CURRENCY_DIGITS), never from
// Intl: browsers write HUF or IQD with other digits than ISO 4217, which the core stores amounts in.
import { CURRENCY_DIGITS } from "../bindings";

/** The currencies the pickers offer first; any other ISO 4217 code a record already has stays selectable. */
export const COMMON_CURRENCIES = ["EUR", "DKK", "USD", "GBP", "SEK", "NOK", "CHF", "PLN"] as const;

const DIGITS: Readonly<Record<string, number>> = CURRENCY_DIGITS;

/** Whether the core knows `code` as an ISO 4217 currency. */
export function isCurrency(code: string): boolean {
  return Object.hasOwn(DIGITS, code);
}

/** The picker's choices: the common currencies, plus `current` when it is another one. */
export function currencyOptions(current: string): string[] {
  const common: string[] = [...COMMON_CURRENCIES];
  return current && !common.includes(current) ? [...common, current] : common;
}

/** The currency's minor digits per ISO 4217 (2 for EUR and HUF, 0 for JPY, 3 for KWD), as the core has them;
 * 2 for a code the core does not know, as the core counts it. */
export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  return isCurrency(code) ? DIGITS[code] : 2;
}

/** The decimal and grouping characters the locale writes. */
export function separators(locale: string): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
    group: parts.find((p) => p.type === "group")?.value ?? ",",
  };
}

// Spaces of every kind, apostrophes (de-CH) and currency symbols are never significant.
const NOISE = /kr\.?|zł|[\s\u00a0\u202f'’]|[A-Za-z€$£]/g;

/**
 * Parses a typed amount ("1.234,50" in nl, "1,234.50" in en) into minor units.
 * Returns null when the text is not an amount or has more decimals than the currency allows.
 */
export function parseMoney(input: string, locale: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  let s = input.replace(NOISE, "");
  let negative = false;
  if (s.startsWith("-") || s.startsWith("−")) {
    negative = true;
    s = s.slice(1);
  }
  if (s === "") return null;
  const { decimal, group } = separators(locale);
  const other = decimal === "," ? "." : ",";
  let intPart = s;
  let frac = "";
  const at = s.lastIndexOf(decimal);
  if (at >= 0) {
    intPart = s.slice(0, at);
    frac = s.slice(at + 1);
  } else if (s.split(other).length === 2) {
    // One "foreign" separator: "12.5" typed in nl means 12,50 unless it reads like a group ("1.234").
    const [a, b] = s.split(other);
    if (b.length !== 3 || digits > 3) {
      intPart = a;
      frac = b;
    }
  }
  intPart = intPart.split(group).join("").split(other).join("");
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(frac)) return null;
  if (intPart === "" && frac === "") return null;
  if (frac.length > digits) return null;
  const minorText = (intPart || "0") + frac.padEnd(digits, "0");
  const value = Number(minorText);
  if (!Number.isSafeInteger(value)) return null;
  return negative ? -value : value;
}

/** Minor units as an exact decimal string, e.g. (123450, 2) -> "1234.50". */
export function minorToDecimalString(minor: number, digits: number): string {
  const negative = minor < 0;
  const abs = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, "0");
  const text = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return negative ? `-${text}` : text;
}

/** Formats minor units for display: "€ 1.234,50" (nl), "1.234,50 €" (de), "1.234,50 kr." (da). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  let fmt: Intl.NumberFormat;
  try {
    fmt = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  } catch {
    return `${minorToDecimalString(minor, digits)} ${currency}`;
  }
  // Intl formats a decimal string exactly; the cast is for TypeScript's older lib typing.
  return fmt.format(minorToDecimalString(minor, digits) as unknown as number);
}

/** Minor units as the text an edit field starts with, in the locale's decimal style, no grouping. */
export function minorToInput(minor: number, currency: string, locale: string): string {
  const text = minorToDecimalString(minor, currencyDigits(currency));
  return text.replace(".", separators(locale).decimal);
}

/** Parses a locale decimal number (custom number fields, probability): exact enough for f64 storage. */
export function parseDecimal(input: string, locale: string): number | null {
  const s = input.replace(/[\s\u00a0\u202f'’]/g, "");
  if (s === "") return null;
  const { decimal, group } = separators(locale);
  const normalised = s.split(group).join("").replace(decimal, ".");
  if (!/^-?\d*\.?\d+$|^-?\d+\.?$/.test(normalised)) return null;
  return Number(normalised);
}
