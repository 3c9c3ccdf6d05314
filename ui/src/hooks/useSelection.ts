import { useCallback, useMemo, useState } from "react";
import type { PeopleSelection } from "../bindings";

/** Rows ticked one by one, or "everyone in the segment" minus the rows unticked since. */
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

/** What the core resolves: the whole segment (never its ids) or the ticked ids. */
export function toSelection(s: SelectionState, segmentId: number): PeopleSelection {
  return s.all ? { segment_id: segmentId, ids: [], exclude: s.exclude } : { segment_id: null, ids: s.ids, exclude: [] };
}

/** The selection of a segment's people list. */
export function useSelection() {
  const [state, setState] = useState<SelectionState>(EMPTY);
  const onToggle = useCallback((id: number) => setState((s) => toggle(s, id)), []);
  const selectAll = useCallback(() => setState({ all: true, ids: [], exclude: [] }), []);
  const clear = useCallback(() => setState(EMPTY), []);
  return useMemo(() => ({ state, toggle: onToggle, selectAll, clear }), [state, onToggle, selectAll, clear]);
}
