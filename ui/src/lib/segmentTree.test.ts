import { describe, expect, it } from "vitest";
import type { FilterField } from "../bindings";
import { addTo, emptyGroup, fromFilter, newCondition, nodePaths, removeNode, setFieldOp, toFilter, updateNode, type CondNode, type GroupNode } from "./segmentTree";

const field = (name: string, kind: FilterField["kind"], ops: FilterField["ops"], choices: string[] = []): FilterField => ({
  name,
  kind,
  ops,
  choices,
  label_key: `segments.field.${name}`,
  label: null,
});
const lifecycle = field("lifecycle", "choice", ["eq", "ne", "in"], ["lead", "qualified", "customer", "churned"]);
const tags = field("tags", "tags", ["contains", "in", "is_empty", "is_not_empty"]);
const last = field("activities.last_at", "time", ["before", "after", "within_last_days", "is_empty", "is_not_empty"]);
const city = field("city", "text", ["eq", "ne", "in", "contains", "starts_with", "is_empty", "is_not_empty"]);
const won = field("deals.won_value", "money", ["eq", "ne", "lt", "lte", "gt", "gte"]);
const band = field("band", "choice", ["eq", "ne", "in", "is_empty", "is_not_empty"], ["hot", "warm", "cold"]);

const cond = (f: FilterField, op: CondNode["op"], value: CondNode["value"], negated = false): CondNode => ({ ...newCondition(f), op, value, negated });

describe("the segment builder's tree", () => {
  it("produces the exact JSON tree of docs/segments.md", () => {
    let root: GroupNode = emptyGroup("all");
    root = addTo(root, root.id, cond(lifecycle, "eq", "customer"));
    root = addTo(root, root.id, cond(tags, "contains", "vip"));
    root = addTo(root, root.id, cond(last, "within_last_days", 90, true));
    const any = emptyGroup("any");
    root = addTo(root, root.id, any);
    root = addTo(root, any.id, cond(city, "in", ["Amsterdam", "Utrecht"]));
    root = addTo(root, any.id, cond(won, "gte", "5000 EUR"));
    expect(JSON.stringify(toFilter(root))).toBe(
      JSON.stringify({ all: [
        { field: "lifecycle", op: "eq", value: "customer" },
        { field: "tags", op: "contains", value: "vip" },
        { not: { field: "activities.last_at", op: "within_last_days", value: 90 } },
        { any: [
          { field: "city", op: "in", value: ["Amsterdam", "Utrecht"] },
          { field: "deals.won_value", op: "gte", value: "5000 EUR" },
        ] },
      ] }),
    );
    // And back: the same JSON after a round trip through the builder's tree.
    expect(toFilter(fromFilter(toFilter(root)))).toEqual(toFilter(root));
  });

  it("leaves the value out of is_empty and negates groups", () => {
    let root = emptyGroup("any");
    const inner = { ...emptyGroup("all"), negated: true };
    root = addTo(root, root.id, inner);
    root = addTo(root, inner.id, cond(band, "is_empty", null));
    expect(toFilter(root)).toEqual({ any: [{ not: { all: [{ field: "band", op: "is_empty" }] } }] });
    expect(toFilter(emptyGroup())).toEqual({ all: [] });
  });

  it("adds and removes conditions and groups anywhere in the tree", () => {
    let root = emptyGroup("all");
    const a = cond(city, "eq", "Berlin");
    const g = emptyGroup("any");
    const b = cond(tags, "contains", "x");
    root = addTo(addTo(addTo(root, root.id, a), root.id, g), g.id, b);
    expect(toFilter(root)).toEqual({ all: [{ field: "city", op: "eq", value: "Berlin" }, { any: [{ field: "tags", op: "contains", value: "x" }] }] });
    root = removeNode(root, b.id);
    expect(toFilter(root)).toEqual({ all: [{ field: "city", op: "eq", value: "Berlin" }, { any: [] }] });
    root = removeNode(root, g.id);
    root = updateNode(root, a.id, (n) => ({ ...n, negated: true }));
    expect(toFilter(root)).toEqual({ all: [{ not: { field: "city", op: "eq", value: "Berlin" } }] });
    root = updateNode(root, root.id, (n) => ({ ...n, join: "any" }) as GroupNode);
    expect(toFilter(root)).toEqual({ any: [{ not: { field: "city", op: "eq", value: "Berlin" } }] });
  });

  it("names each node by the path the core gives in an error", () => {
    const root = fromFilter({ all: [{ field: "city", op: "eq", value: "x" }, { any: [{ not: { field: "score", op: "gt", value: 1 } }] }] });
    const paths = nodePaths(root);
    const group = root.items[1] as GroupNode;
    expect(paths.get("filter")).toBe(root.id);
    expect(paths.get("all[0]")).toBe(root.items[0].id);
    expect(paths.get("all[1]")).toBe(group.id);
    expect(paths.get("all[1].any[0]")).toBe(group.items[0].id);
    expect(paths.get("all[1].any[0].not")).toBe(group.items[0].id);
  });

  it("keeps a value that still fits when the field or operator changes, and resets one that does not", () => {
    const c = cond(city, "eq", "Berlin");
    expect(setFieldOp(c, city, city, "starts_with").value).toBe("Berlin");
    expect(setFieldOp(c, city, city, "in").value).toEqual([]);
    expect(setFieldOp(c, city, city, "is_empty").value).toBeNull();
    const moved = setFieldOp(c, city, lifecycle, "eq");
    expect([moved.field, moved.op, moved.value]).toEqual(["lifecycle", "eq", "lead"]);
    const toTags = setFieldOp(c, city, tags, "eq");
    expect([toTags.op, toTags.value]).toEqual(["contains", ""]);
  });
});
