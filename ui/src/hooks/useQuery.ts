import { useCallback, useEffect, useRef, useState } from "react";
import type { Topic } from "../bindings";
import { subscribe } from "../api/invalidation";
import { toApiError, type ApiError } from "../api/client";

export type QueryState<T> = {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
};

/**
 * Loads `fetcher()` when `key` changes and again whenever one of `topics` changes.
 * Old data stays visible during a reload so refreshes do not flash.
 */
export function useQuery<T>(fetcher: () => Promise<T>, key: string, topics: Topic[]): QueryState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const fetchRef = useRef(fetcher);
  fetchRef.current = fetcher;

  const load = useCallback(() => {
    const mine = ++seq.current;
    setLoading(true);
    fetchRef.current().then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e) => {
        if (mine !== seq.current) return;
        setError(toApiError(e));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    setData(undefined);
    load();
  }, [key, load]);

  const topicKey = topics.join(",");
  useEffect(
    () => subscribe((changed) => changed.some((e) => topicKey.split(",").includes(e)) && load()),
    [topicKey, load],
  );

  return { data, error, loading, reload: load };
}
