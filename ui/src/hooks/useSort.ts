import { useState } from "react";
import type { SortState } from "../components/DataTable";

/** Click a header to sort by it; click again to reverse. Dates start newest first. */
export function useSort<K extends string>(initial: K): [SortState & { key: K }, (key: string) => void] {
  const [sort, setSort] = useState<{ key: K; desc: boolean }>({ key: initial, desc: false });
  const toggle = (key: string) =>
    setSort((s) => (s.key === key ? { key: s.key, desc: !s.desc } : { key: key as K, desc: key.endsWith("_at") }));
  return [sort, toggle];
}
