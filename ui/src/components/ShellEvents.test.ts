import { describe, expect, it } from "vitest";
import type { NavTarget } from "../bindings";
import { routeFor } from "./ShellEvents";

describe("routeFor", () => {
  it("opens today's list and the records a reminder names", () => {
    expect(routeFor({ page: "today", id: null })).toEqual({ page: "today" });
    expect(routeFor({ page: "person", id: 4 })).toEqual({ page: "person", id: 4 });
    expect(routeFor({ page: "deal", id: 9 })).toEqual({ page: "deal", id: 9 });
  });

  it("opens the campaign of a running send from the tray", () => {
    expect(routeFor({ page: "campaign", id: 3 })).toEqual({ page: "campaign", id: 3 });
    expect(routeFor({ page: "campaign", id: null })).toBeNull();
  });

  it("ignores what it does not know", () => {
    expect(routeFor({ page: "person", id: null })).toBeNull();
    // The core sends a NavTarget; anything else (a newer shell) is ignored, not followed.
    expect(routeFor({ page: "settings; rm -rf" as NavTarget, id: 1 })).toBeNull();
  });
});
