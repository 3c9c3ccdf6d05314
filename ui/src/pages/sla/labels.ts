// How calendars and policies read in a list: a holiday set's country in the reader's language, a week's
// opening hours with equal consecutive days joined ("Mon–Fri 09:00–17:00").
import type { TFunction } from "i18next";
import type { CalendarDef, PolicyDef } from "../../bindings";
import { rangesText, weekdayName, WEEKDAYS } from "../../lib/slaForms";

/** "Netherlands", or "Germany (BY)" for a state's set. */
export function holidaySetLabel(code: string, locale: string): string {
  const [country, region] = code.split("-");
  let name = country;
  try {
    name = new Intl.DisplayNames([locale], { type: "region" }).of(country) ?? country;
  } catch {
    // An engine without DisplayNames shows the code.
  }
  return region ? `${name} (${region})` : name;
}

export function hoursSummary(def: CalendarDef, locale: string): string {
  const texts = WEEKDAYS.map((d) => rangesText(def.hours[d] as [string, string][] | undefined));
  const parts: string[] = [];
  for (let i = 0; i < 7; ) {
    let j = i;
    while (j + 1 < 7 && texts[j + 1] === texts[i]) j++;
    if (texts[i] !== "") {
      const days = i === j ? weekdayName(WEEKDAYS[i], locale) : `${weekdayName(WEEKDAYS[i], locale)}–${weekdayName(WEEKDAYS[j], locale)}`;
      parts.push(`${days} ${texts[i]}`);
    }
    i = j + 1;
  }
  return parts.join("; ");
}

/** "All tickets", or the conditions joined ("Urgent, High · Email"). */
export function whenSummary(t: TFunction, def: PolicyDef): string {
  const w = def.when;
  const groups = [
    (w?.priority ?? []).map((p) => t(`tickets.priority.${p}`)),
    (w?.type ?? []).map((k) => t(`tickets.type.${k}`)),
    (w?.channel ?? []).map((c) => t(`tickets.channel.${c}`)),
    (w?.company_tag ?? []).map((g) => `#${g}`),
  ].filter((g) => g.length > 0);
  return groups.length === 0 ? t("slaSettings.allTickets") : groups.map((g) => g.join(", ")).join(" · ");
}
