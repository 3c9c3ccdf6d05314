import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useTranslation } from "react-i18next";
import type { PagedList } from "../hooks/usePagedList";
import { Icon } from "./Icon";

export const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 34;

export type Column<Row> = {
  id: string;
  header: string;
  /** A CSS grid track: "2fr", "minmax(120px, 1fr)", "96px". */
  width: string;
  /** The server-side sort key this column sorts by, when it sorts. */
  sort?: string;
  /** For narrow control columns (a checkbox): the header is only read out, not shown. */
  hideHeader?: boolean;
  render: (row: Row) => ReactNode;
};

export type SortState = { key: string; desc: boolean };

type Props<Row> = {
  label: string;
  rows: Row[];
  columns: Column<Row>[];
  rowKey: (row: Row) => number;
  rowTestId: string;
  total: number;
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  onLoadMore: () => void;
  onOpen: (row: Row) => void;
  sort?: SortState;
  onSort?: (key: string) => void;
  empty: ReactNode;
};

/** The DataTable props that come from a paged list: `<DataTable {...pageProps(list)} ... />`. */
export function pageProps<Row>(list: PagedList<Row>) {
  return { rows: list.rows, total: list.total, loading: list.loading, loadingMore: list.loadingMore, hasMore: list.hasMore, onLoadMore: list.loadMore };
}

/**
 * The list view of People, Companies and Tasks: virtualized rows of fixed height under a sticky header,
 * more pages fetched as the end comes into view, j/k or arrows to move and Enter to open.
 */
export function DataTable<Row>(p: Props<Row>) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const grid = p.columns.map((c) => c.width).join(" ");
  const count = p.rows.length + (p.hasMore ? 1 : 0);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    // A non-zero first guess renders rows before the first layout measurement (and in jsdom).
    initialRect: { width: 1000, height: 600 },
  });
  const items = virtualizer.getVirtualItems();

  const lastIndex = items.length > 0 ? items[items.length - 1].index : -1;
  useEffect(() => {
    if (p.hasMore && !p.loadingMore && !p.loading && lastIndex >= p.rows.length - 20) p.onLoadMore();
  }, [lastIndex, p.hasMore, p.loadingMore, p.loading, p.rows.length, p.onLoadMore]);

  useEffect(() => {
    if (active >= p.rows.length && p.rows.length > 0) setActive(p.rows.length - 1);
  }, [active, p.rows.length]);

  useEffect(() => {
    if (!focusPending.current) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${active}"]`);
    if (el) {
      focusPending.current = false;
      el.focus();
    }
  });

  const move = (to: number) => {
    const next = Math.max(0, Math.min(p.rows.length - 1, to));
    focusPending.current = true;
    setActive(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey || p.rows.length === 0) return;
    const target = e.target as HTMLElement;
    if (!target.hasAttribute("data-row-index")) return;
    const keys: Record<string, () => void> = {
      j: () => move(active + 1),
      ArrowDown: () => move(active + 1),
      k: () => move(active - 1),
      ArrowUp: () => move(active - 1),
      Home: () => move(0),
      End: () => move(p.rows.length - 1),
      PageDown: () => move(active + 15),
      PageUp: () => move(active - 15),
      Enter: () => p.onOpen(p.rows[active]),
    };
    const run = keys[e.key];
    if (run) {
      e.preventDefault();
      run();
    }
  };

  const showSkeleton = p.loading && p.rows.length === 0;
  const showEmpty = !p.loading && p.rows.length === 0;

  return (
    <div className="table" role="table" aria-label={p.label} aria-rowcount={p.total + 1} aria-busy={p.loading}>
      <div className="table-scroll" ref={scrollRef} onKeyDown={onKeyDown}>
        <div className="table-header" role="row" style={{ gridTemplateColumns: grid }}>
          {p.columns.map((c) => {
            const sorted = p.sort && c.sort === p.sort.key;
            return (
              <div
                key={c.id}
                role="columnheader"
                className="table-cell"
                aria-sort={sorted ? (p.sort!.desc ? "descending" : "ascending") : c.sort ? "none" : undefined}
              >
                {c.sort && p.onSort ? (
                  <button type="button" className="sort-button" onClick={() => p.onSort!(c.sort!)} title={t("table.sortBy", { column: c.header })}>
                    {c.header}
                    {sorted && <Icon name={p.sort!.desc ? "sortDesc" : "sortAsc"} size={12} />}
                  </button>
                ) : c.hideHeader ? (
                  <span className="sr-only">{c.header}</span>
                ) : (
                  c.header
                )}
              </div>
            );
          })}
        </div>
        {showEmpty && p.empty}
        {showSkeleton && (
          <div aria-hidden="true">
            {Array.from({ length: 8 }, (_, i) => (
              <div key={i} className="table-row skeleton-row" style={{ gridTemplateColumns: grid }}>
                {p.columns.map((c) => (
                  <div key={c.id} className="table-cell">
                    <span className="skeleton-line" />
                  </div>
                ))}
              </div>
            ))}
          </div>
        )}
        {!showSkeleton && !showEmpty && (
          <div className="table-body" style={{ height: virtualizer.getTotalSize() }} role="rowgroup">
            {items.map((v) => {
              const row = p.rows[v.index];
              const style = { transform: `translateY(${v.start - HEADER_HEIGHT}px)`, gridTemplateColumns: grid, height: ROW_HEIGHT };
              if (row === undefined) {
                return (
                  <div key="more" className="table-row table-row-more" style={style} role="row">
                    <div role="cell" className="table-cell muted">{t("common.loadingMore")}</div>
                  </div>
                );
              }
              return (
                <div
                  key={p.rowKey(row)}
                  role="row"
                  aria-rowindex={v.index + 2}
                  className={`table-row ${v.index === active ? "is-active" : ""}`}
                  style={style}
                  data-testid={p.rowTestId}
                  data-row-index={v.index}
                  tabIndex={v.index === active ? 0 : -1}
                  onFocus={() => setActive(v.index)}
                  onClick={() => p.onOpen(row)}
                >
                  {p.columns.map((c) => (
                    <div key={c.id} role="cell" className="table-cell">
                      {c.render(row)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
