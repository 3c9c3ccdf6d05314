// The real app runs with Tauri's freezePrototype (Object.prototype frozen before any script). A chart library
// that assigns `toString`, `valueOf` or `constructor` on a plain object (recharts' decimal.js-light and d3-color
// did) throws then at module load or first render, and the window stays blank. Vitest runs each test file in
// its own worker, so freezing here touches no other file.
import { render } from "@testing-library/react";
import { beforeAll, expect, test, vi, type MockInstance } from "vitest";

let errors: MockInstance;

beforeAll(() => {
  // jsdom has no canvas and no ResizeObserver: a 2D context that accepts every call and an observer that
  // never fires let Chart.js build and lay out the chart. These go in before the freeze, and so does
  // dropping Vitest's source-map stack formatter, which assigns `constructor` itself and would hide the
  // real error behind its own.
  (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
    const canvas = this;
    const noop = () => {};
    return new Proxy({} as Record<string | symbol, unknown>, {
      get: (t, k) => (k in t || typeof k === "symbol" || k === "then" ? t[k] : k === "canvas" ? canvas : k === "measureText" ? () => ({ width: 10 }) : noop),
    });
  } as never;
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
  Object.freeze(Object.prototype);
});

test("the freeze is in force: assigning an inherited toString throws, as in the app", () => {
  const o: Record<string, unknown> = {};
  expect(() => {
    o.toString = () => "x";
  }).toThrow(TypeError);
});

test("the dashboard's chart modules load and draw under a frozen Object.prototype", async () => {
  await import("../pages/DashboardPage");
  const { BarChart } = await import("./BarChart");
  const { Chart } = await import("chart.js");
  const { container } = render(
    <BarChart testId="chart" labels={["Jan", "Feb"]} formatValue={String} series={[{ label: "Orders", values: [1, 2], colour: "#000" }]} />,
  );
  const canvas = container.querySelector<HTMLCanvasElement>('[data-testid="chart"] canvas');
  expect(canvas).not.toBeNull();
  // The chart was built (scales laid out, bars made) on that canvas, not just the element rendered.
  const chart = Chart.getChart(canvas!);
  expect(chart?.getDatasetMeta(0).data).toHaveLength(2);
  expect(errors.mock.calls).toEqual([]);
});
