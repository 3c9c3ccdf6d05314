import type { TFunction } from "i18next";
import type { CallOutcome, Direction } from "../bindings";

// The values of the core's call enums, in the core's order (typed against the bindings).
export const CALL_OUTCOMES: CallOutcome[] = ["answered", "no_answer", "voicemail", "busy"];
export const DIRECTIONS: Direction[] = ["inbound", "outbound"];

/** A running timer's reading: "m:ss", or "h:mm:ss" from an hour on. */
export function formatTimer(secs: number): string {
  const s = Math.max(0, Math.floor(secs));
  const two = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** A call's duration in words for the locale ("3 min 5 s", "3 Min. 5 Sek."); seconds alone under a minute. */
export function formatCallDuration(t: TFunction, secs: number): string {
  const min = Math.floor(secs / 60);
  const sec = secs % 60;
  if (min === 0) return t("calls.seconds", { count: sec });
  return sec === 0 ? t("calls.minutes", { count: min }) : t("calls.minutesSeconds", { min, sec });
}

/** The `tel:` address of a shown number (digits and a leading +), for the link's href. */
export function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, "")}`;
}

/** A typed whole number of seconds, or null when empty; NaN-free (the core checks the range). */
export function parseSeconds(s: string): number | null {
  const v = s.trim();
  if (v === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : null;
}
