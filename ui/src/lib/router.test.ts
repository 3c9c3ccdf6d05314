import { describe, expect, it } from "vitest";
import { parseRoute, recordHref, routeHref } from "./router";

describe("router", () => {
  it("parses deep links", () => {
    expect(parseRoute("#/people/12")).toEqual({ page: "person", id: 12 });
    expect(parseRoute("#/companies/3")).toEqual({ page: "company", id: 3 });
    expect(parseRoute("#/deals?pipeline=2")).toEqual({ page: "deals", pipelineId: 2 });
    expect(parseRoute("#/deals/7")).toEqual({ page: "deal", id: 7 });
    expect(parseRoute("#/settings")).toEqual({ page: "settings" });
    expect(parseRoute("#/segments")).toEqual({ page: "segments" });
    expect(parseRoute("#/segments/4")).toEqual({ page: "segment", id: 4 });
  });

  it("falls back to Today for anything unknown", () => {
    for (const h of ["", "#/", "#/nope", "#/people/abc", "#/settings/1"]) expect(parseRoute(h)).toEqual({ page: "today" });
  });

  it("builds hrefs that parse back to the same route", () => {
    for (const r of [{ page: "person", id: 5 }, { page: "deals", pipelineId: null }, { page: "deals", pipelineId: 4 }, { page: "trash" }, { page: "segment", id: 8 }] as const) {
      expect(parseRoute(routeHref(r))).toEqual(r);
    }
    expect(recordHref("task", 1)).toBeNull();
  });
});
