import { useEffect, useState } from "react";

/** The value, once it has stopped changing for `ms` (150 ms keeps typing in a search box smooth). */
export function useDebounced<T>(value: T, ms = 150): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return debounced;
}
