import type { BoardColumn, Deal, MoneyTotal } from "../bindings";

function addTotal(totals: MoneyTotal[], currency: string, delta: number): MoneyTotal[] {
  if (!totals.some((t) => t.currency === currency)) return [...totals, { currency, value_minor: delta }];
  return totals.map((t) => (t.currency === currency ? { ...t, value_minor: t.value_minor + delta } : t));
}

/**
 * The board after moving a deal, for the optimistic update while dealsMove runs. `index` is the
 * position in the target column without the moved deal (null = last), as dealsMove takes it.
 */
export function moveDeal(columns: BoardColumn[], dealId: number, toStageId: number, index: number | null): BoardColumn[] {
  let moved: Deal | undefined;
  for (const c of columns) moved ??= c.deals.find((d) => d.id === dealId);
  if (!moved) return columns;
  const deal = { ...moved, stage_id: toStageId };
  return columns.map((c) => {
    const had = c.deals.some((d) => d.id === dealId);
    let deals = c.deals.filter((d) => d.id !== dealId);
    let { count, totals } = c;
    if (had && c.stage.id !== toStageId) {
      count -= 1;
      // A currency no deal in the column uses any more drops out of the summary.
      totals = addTotal(totals, deal.currency, -deal.value_minor).filter((t) => deals.some((d) => d.currency === t.currency));
    }
    if (c.stage.id === toStageId) {
      const at = index === null ? deals.length : Math.max(0, Math.min(index, deals.length));
      deals = [...deals.slice(0, at), deal, ...deals.slice(at)];
      if (!had) {
        count += 1;
        totals = addTotal(totals, deal.currency, deal.value_minor);
      }
    }
    return { ...c, deals, count, totals };
  });
}

/** Where a dragged card lands: before the first card whose middle is below the pointer. */
export function dropIndex(cardMiddles: number[], pointerY: number): number | null {
  const i = cardMiddles.findIndex((m) => pointerY < m);
  return i === -1 ? null : i;
}
