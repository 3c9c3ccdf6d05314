import i18n from "i18next";
import { afterAll, describe, expect, it } from "vitest";
import "../i18n";
import type { SlaState } from "../bindings";
import { slaBadge } from "./sla";

const NOW = Date.parse("2026-06-01T10:00:00Z");
const base: SlaState = {
  policy: "Standard",
  calendar: "Office NL",
  first_response_due: null,
  first_response_at: null,
  first_response_met: null,
  next_reply_due: null,
  next_reply_at: null,
  next_reply_met: null,
  resolution_due: null,
  resolved_at: null,
  resolution_met: null,
  paused: false,
  paused_minutes: 0,
  breaching_soon: false,
  breached: false,
};

async function badge(lang: string, sla: Partial<SlaState>, open = true) {
  await i18n.changeLanguage(lang);
  return slaBadge(i18n.t.bind(i18n), { ...base, ...sla }, open, NOW);
}

describe("slaBadge", () => {
  afterAll(() => i18n.changeLanguage("en"));

  it("says the time left on the clock that falls due first", async () => {
    const soon = { first_response_due: "2026-06-01T10:25:00Z", resolution_due: "2026-06-01T15:00:00Z", breaching_soon: true };
    expect(await badge("nl", soon)).toEqual({ tone: "warning", text: "nog 25 min" });
    expect(await badge("en", soon)).toEqual({ tone: "warning", text: "25 min left" });
    expect(await badge("da", { resolution_due: "2026-06-01T13:10:00Z" })).toEqual({ tone: "info", text: "3 t tilbage" });
  });

  it("says how long a running clock is overdue", async () => {
    const late = { first_response_due: "2026-06-01T07:59:00Z", first_response_met: false, breached: true };
    expect(await badge("de", late)).toEqual({ tone: "danger", text: "2 Std. überfällig" });
    expect(await badge("en", { ...late, first_response_due: "2026-05-30T09:00:00Z" })).toEqual({ tone: "danger", text: "2 days overdue" });
  });

  it("ignores stopped clocks, and shows pause, met and missed", async () => {
    const answered = { first_response_due: "2026-06-01T08:00:00Z", first_response_at: "2026-06-01T07:00:00Z", resolution_due: "2026-06-01T11:00:00Z" };
    expect((await badge("en", answered))?.text).toBe("1 h left");
    expect(await badge("nl", { paused: true })).toEqual({ tone: "neutral", text: "Gepauzeerd" });
    expect(await badge("en", {}, false)).toEqual({ tone: "success", text: "SLA met" });
    expect(await badge("de", { breached: true }, false)).toEqual({ tone: "danger", text: "SLA verfehlt" });
    expect(await badge("en", { policy: null })).toBeNull();
  });
});
