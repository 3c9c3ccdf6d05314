import { describe, expect, it } from "vitest";
import type { BoardColumn, Deal } from "../bindings";
import { dropIndex, moveDeal } from "./board";

const deal = (id: number, stage_id: number, value_minor: number, currency = "EUR") => ({ id, stage_id, value_minor, currency, title: `D${id}` }) as Deal;
const column = (id: number, deals: Deal[]): BoardColumn => {
  const totals = new Map<string, number>();
  for (const d of deals) totals.set(d.currency, (totals.get(d.currency) ?? 0) + d.value_minor);
  return { stage: { id, pipeline_id: 1, name: `S${id}`, system_key: null, position: id, probability: 10 }, deals, count: deals.length, totals: [...totals].map(([currency, value_minor]) => ({ currency, value_minor })) };
};
const board = () => [column(1, [deal(1, 1, 1000), deal(2, 1, 500, "DKK")]), column(2, [deal(3, 2, 200)])];

describe("moveDeal", () => {
  it("moves a card between columns and updates counts and per-currency totals", () => {
    const [a, b] = moveDeal(board(), 2, 2, 0);
    expect(a.deals.map((d) => d.id)).toEqual([1]);
    expect(a.count).toBe(1);
    expect(a.totals).toEqual([{ currency: "EUR", value_minor: 1000 }]);
    expect(b.deals.map((d) => d.id)).toEqual([2, 3]);
    expect(b.deals[0].stage_id).toBe(2);
    expect(b.count).toBe(2);
    expect(b.totals).toEqual([{ currency: "EUR", value_minor: 200 }, { currency: "DKK", value_minor: 500 }]);
  });

  it("appends when the index is null and reorders within a column", () => {
    expect(moveDeal(board(), 1, 2, null)[1].deals.map((d) => d.id)).toEqual([3, 1]);
    const [a] = moveDeal(board(), 2, 1, 0);
    expect(a.deals.map((d) => d.id)).toEqual([2, 1]);
    expect(a.count).toBe(2);
    expect(a.totals).toEqual(board()[0].totals);
  });

  it("leaves the board alone for an unknown deal", () => {
    const b = board();
    expect(moveDeal(b, 99, 2, 0)).toBe(b);
  });
});

describe("dropIndex", () => {
  it("drops before the first card whose middle is below the pointer", () => {
    expect(dropIndex([10, 50, 90], 5)).toBe(0);
    expect(dropIndex([10, 50, 90], 60)).toBe(2);
    expect(dropIndex([10, 50, 90], 100)).toBeNull();
    expect(dropIndex([], 0)).toBeNull();
  });
});
