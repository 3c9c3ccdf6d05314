import { useEffect, useState } from "react";
import { api } from "../api/client";
import { useDebounced } from "../hooks/useDebounced";

/** Existing company names matching what is typed, for a datalist: picking one links instead of creating. */
export function useCompanySuggestions(text: string): string[] {
  const q = useDebounced(text.trim(), 200);
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    if (q === "") {
      setNames([]);
      return;
    }
    api
      .companiesList({ search: q, tag: null, owner: null, industry: null, sort: "name", desc: false, limit: 8, cursor: null })
      .then((page) => live && setNames(page.items.map((c) => c.name)))
      .catch(() => live && setNames([]));
    return () => {
      live = false;
    };
  }, [q]);
  return names;
}
