// The segment builder's model: a tree of groups and conditions with ids for editing, turned into the core's
// filter JSON (docs/segments.md) and back. Fields, kinds, operators and choices come from the core's
// catalogue (`segmentsFields`); nothing here knows a field by name.
import type { FieldKind, Filter, FilterField, FilterOp, FilterValue } from "../bindings";

export type Join = "all" | "any";
export type CondNode = { id: number; type: "cond"; negated: boolean; field: string; op: FilterOp; value: FilterValue | null };
export type GroupNode = { id: number; type: "group"; negated: boolean; join: Join; items: TreeNode[] };
export type TreeNode = CondNode | GroupNode;

let nextId = 1;
const newId = () => nextId++;

export function emptyGroup(join: Join = "all"): GroupNode {
  return { id: newId(), type: "group", negated: false, join, items: [] };
}

/** A value that fits the field's kind and the operator, for a new or changed condition. */
export function defaultValue(kind: FieldKind, op: FilterOp, choices: string[]): FilterValue | null {
  if (op === "is_empty" || op === "is_not_empty") return null;
  if (op === "within_last_days") return 30;
  if (op === "in") return [];
  switch (kind) {
    case "number":
      return 0;
    case "boolean":
      return true;
    case "choice":
      return choices[0] ?? "";
    default:
      return "";
  }
}

export function newCondition(field: FilterField): CondNode {
  const op = field.ops[0];
  return { id: newId(), type: "cond", negated: false, field: field.name, op, value: defaultValue(field.kind, op, field.choices) };
}

/** The filter JSON of a node: `{all|any: [...]}`, `{field, op, value?}`, wrapped in `{not: ...}` when negated. */
export function toFilter(node: TreeNode): Filter {
  let f: Filter;
  if (node.type === "group") {
    const items = node.items.map(toFilter);
    f = node.join === "all" ? { all: items } : { any: items };
  } else {
    f = node.value === null ? { field: node.field, op: node.op } : { field: node.field, op: node.op, value: node.value };
  }
  return node.negated ? { not: f } : f;
}

/** The builder's tree of a filter; the root is always a group. */
export function fromFilter(filter: Filter): GroupNode {
  const node = parse(filter);
  if (node.type === "group" && !node.negated) return node;
  return { ...emptyGroup("all"), items: [node] };
}

function parse(f: Filter): TreeNode {
  if ("not" in f && f.not !== undefined) {
    const inner = parse(f.not);
    // A double negation keeps its shape: the inner negated node in a group of one.
    return inner.negated ? { ...emptyGroup("all"), negated: true, items: [inner] } : { ...inner, negated: true };
  }
  if ("all" in f && f.all !== undefined) return { ...emptyGroup("all"), items: f.all.map(parse) };
  if ("any" in f && f.any !== undefined) return { ...emptyGroup("any"), items: f.any.map(parse) };
  const c = f as { field: string; op: FilterOp; value?: FilterValue | null };
  return { id: newId(), type: "cond", negated: false, field: c.field, op: c.op, value: c.value ?? null };
}

/**
 * Each node's path as the core names it in an error's `field` (`all[1].any[0]`, `filter` for the root), with
 * the path inside a negation (`all[1].not`) naming the same node.
 */
export function nodePaths(root: TreeNode): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (node: TreeNode, path: string) => {
    out.set(path || "filter", node.id);
    const inner = node.negated ? (path ? `${path}.not` : "not") : path;
    out.set(inner || "filter", node.id);
    if (node.type === "group") node.items.forEach((child, i) => walk(child, `${inner ? `${inner}.` : ""}${node.join}[${i}]`));
  };
  walk(root, "");
  return out;
}

/** The tree with the node `id` replaced by `f(node)` (or removed when `f` gives null). */
export function updateNode(root: GroupNode, id: number, f: (n: TreeNode) => TreeNode | null): GroupNode {
  const visit = (node: TreeNode): TreeNode | null => {
    if (node.id === id) return f(node);
    if (node.type !== "group") return node;
    return { ...node, items: node.items.map(visit).filter((n): n is TreeNode => n !== null) };
  };
  return (visit(root) as GroupNode | null) ?? emptyGroup();
}

export const removeNode = (root: GroupNode, id: number) => updateNode(root, id, () => null);

/** Adds `child` at the end of the group `groupId`. */
export function addTo(root: GroupNode, groupId: number, child: TreeNode): GroupNode {
  return updateNode(root, groupId, (g) => (g.type === "group" ? { ...g, items: [...g.items, child] } : g));
}

const valueShape = (o: FilterOp) =>
  o === "in" ? "list" : o === "is_empty" || o === "is_not_empty" ? "none" : o === "within_last_days" ? "days" : "one";

/** Changes a condition's field (`from` was its field) or operator, keeping the value when it still fits. */
export function setFieldOp(c: CondNode, from: FilterField | undefined, field: FilterField, op: FilterOp): CondNode {
  const nextOp = field.ops.includes(op) ? op : field.ops[0];
  const sameKind = from !== undefined && from.kind === field.kind && (field.kind !== "choice" || from.name === field.name);
  const keep = sameKind && valueShape(c.op) === valueShape(nextOp);
  return { ...c, field: field.name, op: nextOp, value: keep ? c.value : defaultValue(field.kind, nextOp, field.choices) };
}
