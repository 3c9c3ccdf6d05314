// Timestamps are UTC milliseconds; everything shown or typed is in the user's local time.

const DAY = 86_400_000;

function startOfDay(ms: number): Date {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d;
}

/** Whole calendar days from `now`'s day to `ms`'s day (DST-safe: compares local dates, not 24 h spans). */
export function dayDiff(ms: number, now: number): number {
  const a = startOfDay(ms);
  const b = startOfDay(now);
  const utcA = Date.UTC(a.getFullYear(), a.getMonth(), a.getDate());
  const utcB = Date.UTC(b.getFullYear(), b.getMonth(), b.getDate());
  return Math.round((utcA - utcB) / DAY);
}

export function formatTime(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" }).format(ms);
}

/** "today", "morgen", "i går" from Intl, or a short date for days further away. */
export function formatDay(ms: number, locale: string, now = Date.now()): string {
  const diff = dayDiff(ms, now);
  if (Math.abs(diff) <= 1) {
    return new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(diff, "day");
  }
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, {
    weekday: Math.abs(diff) < 7 ? "short" : undefined,
    day: "numeric",
    month: "short",
    year: sameYear ? undefined : "numeric",
  }).format(ms);
}

/** "vandaag 14:30", "tomorrow 09:00", "12 Mar 14:30". */
export function formatDayTime(ms: number, locale: string, now = Date.now()): string {
  return `${formatDay(ms, locale, now)} ${formatTime(ms, locale)}`;
}

/** Full date and time for tooltips and record fields. */
export function formatDateTime(ms: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(ms);
}

/** Formats a `YYYY-MM-DD` calendar date without a time-zone shift. */
export function formatYmd(ymd: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(d);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Local `YYYY-MM-DD` and `HH:MM` parts for date and time inputs. */
export function toDateInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function toTimeInput(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function isYmd(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getMonth() === Number(m[2]) - 1 && d.getDate() === Number(m[3]);
}

/** Local date + time inputs to UTC ms; null when either is malformed. An empty time means 09:00. */
export function fromDateTimeInputs(date: string, time: string): number | null {
  if (!isYmd(date)) return null;
  const t = time.trim() === "" ? "09:00" : time.trim();
  const m = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  const [y, mo, d] = date.split("-").map(Number);
  return new Date(y, mo - 1, d, Number(m[1]), Number(m[2])).getTime();
}

/** "5 minutes ago", "vor 2 Stunden", "i går": how long ago (or until) `ms`, in the largest fitting unit. */
export function formatRelative(ms: number, locale: string, now = Date.now()): string {
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const minutes = Math.round((ms - now) / 60_000);
  if (Math.abs(minutes) < 60) return rtf.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return rtf.format(hours, "hour");
  return rtf.format(dayDiff(ms, now), "day");
}
