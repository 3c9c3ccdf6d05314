import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { emptyPage, err, makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import type { FilterField } from "../bindings";
import { SegmentEditor } from "./SegmentEditor";
import { ToastProvider } from "./Toast";

const field = (name: string, kind: FilterField["kind"], ops: FilterField["ops"], choices: string[] = []): FilterField => ({
  name,
  kind,
  ops,
  choices,
  label_key: `segments.field.${name}`,
  label: null,
});
// The catalogue as the core sends it (a part of it): the editor knows no field by name.
const FIELDS = [
  field("city", "text", ["eq", "ne", "in", "contains", "starts_with", "is_empty", "is_not_empty"]),
  field("lifecycle", "choice", ["eq", "ne", "in"], ["lead", "qualified", "customer", "churned"]),
  field("tags", "tags", ["contains", "in", "is_empty", "is_not_empty"]),
  field("activities.last_at", "time", ["before", "after", "within_last_days", "is_empty", "is_not_empty"]),
  field("upsell.likely", "product", ["eq", "ne", "in"]),
];

function setup(onSaved = vi.fn()) {
  render(
    <ToastProvider>
      <SegmentEditor segment={null} onSaved={onSaved} onCancel={vi.fn()} />
    </ToastProvider>,
  );
  return { onSaved };
}

const lastCheck = () => commands.segmentsCheck.mock.calls.at(-1)?.[0];
const rows = () => screen.getAllByTestId("segment-condition");

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    segmentsFields: vi.fn(async () => ok(FIELDS)),
    segmentsCheck: vi.fn(async () => ok({ count: 3 })),
    segmentsPreview: vi.fn(async () => emptyPage([{ id: 1, display_name: "Ann Smit", company_name: "Acme" }])),
    segmentsAdd: vi.fn(async (input: { name: string }) => ok({ id: 9, name: input.name, filter: { all: [] }, is_static: false, pinned: false, created_at: 0, updated_at: 0 })),
  });
});

describe("SegmentEditor: likely to buy a product", () => {
  it("offers the products the core finds for the typed text and counts with the SKU", async () => {
    commands.productsSearch = vi.fn(async (text: string) => ok(text ? [{ product_id: 3, sku: "SKU-123", name: "Cake stand" }] : []));
    setup();
    await screen.findByTestId("segment-add-condition");
    fireEvent.click(within(screen.getAllByTestId("segment-group")[0]).getByTestId("segment-add-condition"));
    fireEvent.change(rows()[0].querySelector("[data-testid=segment-field]")!, { target: { value: "upsell.likely" } });
    const value = rows()[0].querySelector("[data-testid=segment-value]") as HTMLInputElement;
    expect(value.getAttribute("placeholder")).toBe("SKU or product name");
    fireEvent.change(value, { target: { value: "cake" } });
    await waitFor(() => expect(commands.productsSearch).toHaveBeenLastCalledWith("cake", 20));
    const options = await waitFor(() => {
      const found = Array.from(screen.getByTestId("segment-products").querySelectorAll("option"));
      expect(found).toHaveLength(1);
      return found;
    });
    expect([options[0].value, options[0].textContent]).toEqual(["SKU-123", "Cake stand"]);
    fireEvent.change(value, { target: { value: "SKU-123" } });
    await waitFor(() => expect(lastCheck()).toEqual({ all: [{ field: "upsell.likely", op: "eq", value: "SKU-123" }] }));
  });
});

// Many steps, each waiting for the debounced check: slow on a busy machine, hence the longer timeouts.
describe("SegmentEditor", () => {
  it("builds conditions and groups from the core's catalogue and counts live with the exact filter JSON", async () => {
    setup();
    await screen.findByTestId("segment-add-condition");
    const root = screen.getAllByTestId("segment-group")[0];
    fireEvent.click(within(root).getByTestId("segment-add-condition"));
    fireEvent.change(rows()[0].querySelector("[data-testid=segment-field]")!, { target: { value: "lifecycle" } });
    fireEvent.change(rows()[0].querySelector("[data-testid=segment-value]")!, { target: { value: "customer" } });
    fireEvent.click(within(root).getByTestId("segment-add-condition"));
    fireEvent.change(rows()[1].querySelector("[data-testid=segment-field]")!, { target: { value: "activities.last_at" } });
    fireEvent.change(rows()[1].querySelector("[data-testid=segment-op]")!, { target: { value: "within_last_days" } });
    fireEvent.click(rows()[1].querySelector("[data-testid=segment-not]")!);
    fireEvent.click(within(root).getAllByTestId("segment-add-group").at(-1)!);
    const inner = screen.getAllByTestId("segment-group")[1];
    fireEvent.click(within(inner).getByTestId("segment-add-condition"));
    fireEvent.change(rows()[2].querySelector("[data-testid=segment-op]")!, { target: { value: "in" } });
    fireEvent.change(rows()[2].querySelector("[data-testid=segment-value]")!, { target: { value: "Amsterdam, Utrecht" } });
    const expected = {
      all: [
        { field: "lifecycle", op: "eq", value: "customer" },
        { not: { field: "activities.last_at", op: "within_last_days", value: 30 } },
        { any: [{ field: "city", op: "in", value: ["Amsterdam", "Utrecht"] }] },
      ],
    };
    await waitFor(() => expect(lastCheck()).toEqual(expected));
    expect(JSON.stringify(lastCheck())).toBe(JSON.stringify(expected));
    expect(await screen.findByText("3 people match")).toBeTruthy();
    expect(screen.getByTestId("segment-preview").textContent).toContain("Ann Smit");

    // Removing the group's condition, then the group itself.
    fireEvent.click(rows()[2].querySelector("[data-testid=segment-remove-condition]")!);
    await waitFor(() => expect(lastCheck()).toEqual({ all: [expected.all[0], expected.all[1], { any: [] }] }));
    fireEvent.click(screen.getByTestId("segment-remove-group"));
    await waitFor(() => expect(lastCheck()).toEqual({ all: [expected.all[0], expected.all[1]] }));
  }, 20000);

  it("shows the core's refusal at the condition it names and saves as static", async () => {
    commands.segmentsCheck.mockImplementation(async (filter: { all: unknown[] }) =>
      filter.all.length > 1 ? err("invalid_value", "all[1]: contains needs a text", "all[1]") : ok({ count: 0 }),
    );
    const { onSaved } = setup();
    const add = await screen.findByTestId("segment-add-condition");
    fireEvent.click(add);
    fireEvent.click(add);
    const alert = await screen.findByTestId("segment-error");
    expect(rows()[1].contains(alert)).toBe(true);
    expect(alert.textContent).toContain("contains needs a text");
    fireEvent.click(rows()[1].querySelector("[data-testid=segment-remove-condition]")!);
    await waitFor(() => expect(screen.queryByTestId("segment-error")).toBeNull());

    fireEvent.change(screen.getByTestId("segment-name"), { target: { value: "Everyone in town" } });
    fireEvent.click(screen.getByTestId("segment-kind-static"));
    fireEvent.click(screen.getByTestId("segment-save"));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(commands.segmentsAdd).toHaveBeenCalledWith({
      name: "Everyone in town",
      filter: { all: [{ field: "city", op: "eq", value: "" }] },
      is_static: true,
      pinned: false,
    });
  }, 20000);
});
