import { useCallback, useEffect, useRef, useState } from "react";
import type { Page, Topic } from "../bindings";
import { subscribe } from "../api/invalidation";
import { toApiError, type ApiError } from "../api/client";

export type PageRequest = { cursor: string | null; limit: number };
export type PagedList<Row> = {
  rows: Row[];
  total: number;
  /** False when `total` is a lower bound (a search matching more rows than are worth counting). */
  totalExact: boolean;
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: ApiError | null;
  loadMore: () => void;
};

export const PAGE_SIZE = 100;
const MAX_PAGE = 500;

/**
 * Keyset paging for the virtualized lists. `key` identifies the query (search, filters, sort):
 * a new key starts over from the first page. A data change refetches as many rows as are loaded,
 * in one request, so the list refreshes in place without losing the scroll position.
 */
export function usePagedList<Row>(
  fetchPage: (req: PageRequest) => Promise<Page<Row>>,
  key: string,
  topics: Topic[],
): PagedList<Row> {
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState(0);
  const [totalExact, setTotalExact] = useState(true);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const loaded = useRef(0);

  const fetchFirst = useCallback((limit: number) => {
    const mine = ++seq.current;
    setLoading(true);
    fetchRef.current({ cursor: null, limit }).then(
      (page) => {
        if (mine !== seq.current) return;
        loaded.current = page.items.length;
        setRows(page.items);
        setTotal(page.total);
        setTotalExact(page.total_exact);
        setCursor(page.next_cursor);
        setError(null);
        setLoading(false);
        setLoadingMore(false);
      },
      (e) => {
        if (mine !== seq.current) return;
        setError(toApiError(e));
        setLoading(false);
        setLoadingMore(false);
      },
    );
  }, []);

  useEffect(() => {
    setRows([]);
    setCursor(null);
    loaded.current = 0;
    fetchFirst(PAGE_SIZE);
  }, [key, fetchFirst]);

  const topicKey = topics.join(",");
  useEffect(
    () =>
      subscribe((changed) => {
        if (!changed.some((e) => topicKey.split(",").includes(e))) return;
        fetchFirst(Math.min(MAX_PAGE, Math.max(PAGE_SIZE, loaded.current)));
      }),
    [topicKey, fetchFirst],
  );

  const loadMore = useCallback(() => {
    if (cursor === null || loading || loadingMore) return;
    const mine = seq.current;
    setLoadingMore(true);
    fetchRef.current({ cursor, limit: PAGE_SIZE }).then(
      (page) => {
        // A refetch or a new query started meanwhile: this page belongs to an old list.
        if (mine !== seq.current) return;
        setRows((old) => {
          const next = old.concat(page.items);
          loaded.current = next.length;
          return next;
        });
        setTotal(page.total);
        setTotalExact(page.total_exact);
        setCursor(page.next_cursor);
        setLoadingMore(false);
      },
      (e) => {
        if (mine !== seq.current) return;
        setError(toApiError(e));
        setLoadingMore(false);
      },
    );
  }, [cursor, loading, loadingMore]);

  return { rows, total, totalExact, loading, loadingMore, hasMore: cursor !== null, error, loadMore };
}

/**
 * usePagedList for a list filtered by `query` (search, filters, sort): each page request is the query
 * plus cursor and limit, and a different query starts over.
 */
export function useQueryList<Q extends object, Row>(
  query: Q,
  fetch: (req: Q & PageRequest) => Promise<Page<Row>>,
  topics: Topic[],
): PagedList<Row> {
  const key = JSON.stringify(query);
  const fetchPage = useCallback((req: PageRequest) => fetch({ ...query, ...req }), [key]);
  return usePagedList(fetchPage, key, topics);
}
