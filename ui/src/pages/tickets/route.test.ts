import { describe, expect, it } from "vitest";
import { routeFor } from "../../components/ShellEvents";
import { parseRoute, routeHref } from "../../lib/router";

describe("ticket routes", () => {
  it("parse and print the tickets page, one ticket and the support metrics", () => {
    expect(parseRoute("#/tickets")).toEqual({ page: "tickets", id: null });
    expect(parseRoute("#/tickets/12")).toEqual({ page: "tickets", id: 12 });
    expect(parseRoute("#/tickets/x")).toEqual({ page: "today" });
    expect(parseRoute("#/support")).toEqual({ page: "support" });
    expect(routeHref({ page: "tickets", id: 7 })).toBe("#/tickets/7");
    expect(routeHref({ page: "tickets", id: null })).toBe("#/tickets");
  });

  it("follow a clicked SLA warning to its ticket, or to the list for several", () => {
    expect(routeFor({ page: "ticket", id: 3 })).toEqual({ page: "tickets", id: 3 });
    expect(routeFor({ page: "ticket", id: null })).toEqual({ page: "tickets", id: null });
  });
});
