import { act, fireEvent, render, renderHook, screen, waitFor } from "@testing-library/react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const commands = vi.hoisted(() => ({ peopleList: vi.fn() }));
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import type { PersonRow } from "../bindings";
import { api } from "../api/client";
import { invalidate } from "../api/invalidation";
import { DataTable } from "../components/DataTable";
import { usePagedList, type PageRequest } from "./usePagedList";

const ROWS = Array.from({ length: 250 }, (_, i) => ({ id: i + 1, first_name: `P${i + 1}`, last_name: "X" }) as PersonRow);

// Serves ROWS the way the core pages them: an opaque cursor, `limit` rows at a time.
function serve() {
  commands.peopleList.mockImplementation(async (q: { cursor: string | null; limit: number; search: string | null }) => {
    const rows = q.search ? ROWS.filter((r) => r.first_name.includes(q.search!)) : ROWS;
    const start = q.cursor ? Number(q.cursor.slice(1)) : 0;
    const items = rows.slice(start, start + q.limit);
    return { status: "ok", data: { items, next_cursor: start + q.limit < rows.length ? `c${start + q.limit}` : null, total: rows.length, total_exact: true } };
  });
}

const fetcher = (search: string | null) => (req: PageRequest) => api.peopleList({ search, ...req });

describe("usePagedList", () => {
  it("loads page after page by cursor until there is no next cursor", async () => {
    serve();
    const { result } = renderHook(() => usePagedList(fetcher(null), "all", ["person"]));
    await waitFor(() => expect(result.current.rows).toHaveLength(100));
    expect(result.current).toMatchObject({ total: 250, hasMore: true, loading: false });
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.rows).toHaveLength(200));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.rows).toHaveLength(250));
    expect(result.current.hasMore).toBe(false);
    expect(commands.peopleList.mock.calls.map((c) => c[0].cursor)).toEqual([null, "c100", "c200"]);
  });

  it("refetches everything loaded, in one request, when its data changes", async () => {
    serve();
    const { result } = renderHook(() => usePagedList(fetcher(null), "all", ["person"]));
    await waitFor(() => expect(result.current.rows).toHaveLength(100));
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.rows).toHaveLength(200));
    commands.peopleList.mockClear();
    act(() => invalidate(["task"]));
    expect(commands.peopleList).not.toHaveBeenCalled();
    act(() => invalidate(["person"]));
    await waitFor(() => expect(commands.peopleList).toHaveBeenCalledWith({ search: null, cursor: null, limit: 200 }));
    await waitFor(() => expect(result.current.rows).toHaveLength(200));
  });

  it("starts over when the query changes and ignores answers to the old query", async () => {
    serve();
    let resolveOld: (v: unknown) => void = () => undefined;
    commands.peopleList.mockImplementationOnce(() => new Promise((r) => (resolveOld = r)));
    const { result, rerender } = renderHook(({ q }) => usePagedList(fetcher(q), q ?? "", ["person"]), { initialProps: { q: null as string | null } });
    rerender({ q: "P25" });
    await waitFor(() => expect(result.current.total).toBe(2)); // P25 and P250
    resolveOld({ status: "ok", data: { items: ROWS.slice(0, 100), next_cursor: "c100", total: 250, total_exact: true } });
    await new Promise((r) => setTimeout(r, 10));
    expect(result.current.rows.map((r) => r.first_name)).toEqual(["P25", "P250"]);
  });

  it("keeps its rows and reports the error when a page fails", async () => {
    serve();
    const { result } = renderHook(() => usePagedList(fetcher(null), "all", ["person"]));
    await waitFor(() => expect(result.current.rows).toHaveLength(100));
    commands.peopleList.mockResolvedValueOnce({ status: "error", error: { code: "database", message: "locked" } });
    act(() => result.current.loadMore());
    await waitFor(() => expect(result.current.error?.code).toBe("database"));
    expect(result.current.rows).toHaveLength(100);
  });
});

describe("DataTable", () => {
  // jsdom has no layout: give every element a 1000x600 box so the virtualizer renders rows.
  beforeAll(() => {
    vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1000);
  });
  afterAll(() => vi.restoreAllMocks());
  const columns = [{ id: "name", header: "Name", width: "1fr", sort: "name", render: (r: PersonRow) => r.first_name }];

  it("renders rows with their test id, opens with Enter and moves with j/k", async () => {
    const onOpen = vi.fn();
    const onSort = vi.fn();
    render(
      <DataTable label="People" rows={ROWS.slice(0, 30)} columns={columns} rowKey={(r) => r.id} rowTestId="person-row" total={30} loading={false} loadingMore={false} hasMore={false} onLoadMore={() => undefined} onOpen={onOpen} sort={{ key: "name", desc: false }} onSort={onSort} empty={<p>empty</p>} />,
    );
    const rows = screen.getAllByTestId("person-row");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows[0].textContent).toBe("P1");
    rows[0].focus();
    fireEvent.keyDown(rows[0], { key: "j" });
    fireEvent.keyDown(rows[0], { key: "j" });
    fireEvent.keyDown(rows[0], { key: "k" });
    fireEvent.keyDown(rows[0], { key: "Enter" });
    expect(onOpen).toHaveBeenCalledWith(ROWS[1]);
    fireEvent.click(screen.getByRole("button", { name: /Name/ }));
    expect(onSort).toHaveBeenCalledWith("name");
    expect(screen.getByRole("columnheader").getAttribute("aria-sort")).toBe("ascending");
  });

  it("asks for more rows when the end is near, and shows the empty state without rows", () => {
    const onLoadMore = vi.fn();
    const props = { label: "People", columns, rowKey: (r: PersonRow) => r.id, rowTestId: "person-row", loadingMore: false, onOpen: () => undefined, empty: <p>Nobody yet</p> };
    const { rerender } = render(<DataTable {...props} rows={ROWS.slice(0, 10)} total={250} loading={false} hasMore onLoadMore={onLoadMore} />);
    expect(onLoadMore).toHaveBeenCalled();
    rerender(<DataTable {...props} rows={[]} total={0} loading={false} hasMore={false} onLoadMore={onLoadMore} />);
    expect(screen.getByText("Nobody yet")).toBeTruthy();
  });
});
