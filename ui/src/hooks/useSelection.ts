import { useCallback, useMemo, useState } from "react";
import type { PeopleQuery, PeopleSelection } from "../bindings";

/** Rows ticked one by one, or "everyone in the segment or list" minus the rows unticked since. */
export type SelectionState = { all: boolean; ids: number[]; exclude: number[] };

const EMPTY: SelectionState = { all: false, ids: [], exclude: [] };

/** Whether a row is ticked. */
export function isSelected(s: SelectionState, id: number): boolean {
  return s.all ? !s.exclude.includes(id) : s.ids.includes(id);
}

/** Ticks or unticks one row. */
export function toggle(s: SelectionState, id: number): SelectionState {
  const flip = (list: number[]) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  return s.all ? { ...s, exclude: flip(s.exclude) } : { ...s, ids: flip(s.ids) };
}

/** How many people are selected, given the segment's total. */
export function selectedCount(s: SelectionState, total: number): number {
  return s.all ? Math.max(0, total - s.exclude.length) : s.ids.length;
}

/** The whole list a "select all" stands for: a segment, or the People page's filtered list. */
export type SelectionScope = { segment_id: number } | { query: PeopleQuery };

/** What the core resolves: the whole segment or filtered list (never its ids) minus the unticked, or the
 * ticked ids. A segment id alone still means the segment. */
export function toSelection(s: SelectionState, scope: SelectionScope | number): PeopleSelection {
  if (!s.all) return { segment_id: null, ids: s.ids, exclude: [] };
  const whole = typeof scope === "number" ? { segment_id: scope } : scope;
  return "segment_id" in whole
    ? { segment_id: whole.segment_id, ids: [], exclude: s.exclude }
    : { segment_id: null, query: whole.query, ids: [], exclude: s.exclude };
}

/** The selection of a people list (a segment's, or the People page). */
export function useSelection() {
  const [state, setState] = useState<SelectionState>(EMPTY);
  const onToggle = useCallback((id: number) => setState((s) => toggle(s, id)), []);
  const selectAll = useCallback(() => setState({ all: true, ids: [], exclude: [] }), []);
  const clear = useCallback(() => setState(EMPTY), []);
  return useMemo(() => ({ state, toggle: onToggle, selectAll, clear }), [state, onToggle, selectAll, clear]);
}
