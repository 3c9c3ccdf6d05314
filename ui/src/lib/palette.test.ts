import { describe, expect, it, vi } from "vitest";
import { filterActions, matchScore, moveSelection, type PaletteAction } from "./palette";

const action = (id: string, label: string, keywords?: string): PaletteAction => ({ id, label, group: "g", keywords, run: vi.fn() });
const actions = [action("np", "New person", "contact"), action("nc", "New company"), action("gp", "Go to People"), action("ts", "Theme: Dark")];

describe("palette filtering", () => {
  it("shows everything for an empty query, in order", () => {
    expect(filterActions(actions, "").map((a) => a.id)).toEqual(["np", "nc", "gp", "ts"]);
  });

  it("ranks prefixes over word starts over substrings and drops non-matches", () => {
    expect(filterActions(actions, "new").map((a) => a.id)).toEqual(["np", "nc"]);
    expect(filterActions(actions, "people").map((a) => a.id)).toEqual(["gp"]);
    expect(filterActions(actions, "zzz")).toEqual([]);
  });

  it("matches initials, scattered letters, keywords and ignores accents and case", () => {
    expect(matchScore("New person", "np")).toBeGreaterThan(0);
    expect(filterActions(actions, "contact").map((a) => a.id)).toEqual(["np"]);
    expect(matchScore("Gå til Personer", "ga til")).toBe(100);
    expect(matchScore("Theme: Dark", "THEME")).toBe(100);
    expect(matchScore("abc", "acb")).toBe(0);
  });

  it("moves the selection with wrap-around", () => {
    expect(moveSelection(0, -1, 4)).toBe(3);
    expect(moveSelection(3, 1, 4)).toBe(0);
    expect(moveSelection(1, 1, 4)).toBe(2);
    expect(moveSelection(0, 1, 0)).toBe(0);
  });
});
