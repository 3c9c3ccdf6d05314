import { fireEvent, render as rtlRender, screen, waitFor, within } from "@testing-library/react";
import type { ReactElement } from "react";
import { beforeEach, expect, test, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { ToastProvider } from "../components/Toast";
import "../i18n";
import { FigureCard } from "./DashboardCard";

const render = (ui: ReactElement) => rtlRender(<ToastProvider>{ui}</ToastProvider>);

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    pickFile: vi.fn(async (purpose: string, name: string) => ok(`/home/sam/${purpose}/${name}`)),
    chartExportSave: vi.fn(async () => ok(null)),
  });
});

const csv = { name: "x.csv", header: ["a"], rows: [] };

test("a figure card renders each table spec: numeric columns aligned, row headers, heat levels", () => {
  render(
    <FigureCard
      testId="card"
      title="Retention"
      figures={null}
      csv={csv}
      tables={[
        {
          heat: true,
          columns: [{ label: "Cohort" }, { label: "Customers", num: true }, { label: 0, num: true }],
          rows: [{ key: "2024-01", head: "2024-01", cells: ["12", "100%"], levels: [null, 5] }],
        },
        { columns: [{ label: "Stage" }], rows: [{ key: "lead", cells: ["Lead"] }] },
      ]}
    />,
  );
  const card = screen.getByTestId("card");
  expect(card.querySelectorAll("table")).toHaveLength(2);
  const row = within(card).getByRole("rowheader", { name: "2024-01" }).closest("tr")!;
  const cells = row.querySelectorAll("td");
  expect(cells[0].className).toBe("num");
  expect(cells[0].getAttribute("data-level")).toBeNull();
  expect(cells[1].className).toBe("num dash-heat-cell");
  expect(cells[1].getAttribute("data-level")).toBe("5");
  expect(within(card).getByRole("cell", { name: "Lead" }).className).toBe("");
});

test("with a chart the card shows it first and switches to the table and back", () => {
  render(
    <FigureCard testId="card" title="Revenue" figures={null} csv={csv} chart={<div data-testid="chart" />} tables={[{ columns: [{ label: "Month" }], rows: [{ key: "m", cells: ["Jan"] }] }]} />,
  );
  expect(screen.getByTestId("chart")).toBeTruthy();
  expect(screen.queryByRole("table")).toBeNull();
  fireEvent.click(screen.getByRole("button", { pressed: false }));
  expect(screen.getByRole("table")).toBeTruthy();
  expect(screen.queryByTestId("chart")).toBeNull();
});

const table = [{ columns: [{ label: "Month" }], rows: [{ key: "m", cells: ["Jan"] }] }];
const revenueCsv = { name: "revenue-EUR.csv", header: ["month", "net"], rows: [["2024-01", "12.50"]] };

test("CSV export asks the native save dialog with the card's file name, then writes the CSV there", async () => {
  render(<FigureCard testId="card" title="Revenue" figures={null} csv={revenueCsv} tables={table} />);
  fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
  await waitFor(() => expect(commands.chartExportSave).toHaveBeenCalled());
  expect(commands.pickFile).toHaveBeenCalledWith("save_chart_csv", "revenue-EUR.csv");
  expect(commands.chartExportSave).toHaveBeenCalledWith("/home/sam/save_chart_csv/revenue-EUR.csv", "csv", "month,net\r\n2024-01,12.50\r\n");
  expect(await screen.findByText("Saved to /home/sam/save_chart_csv/revenue-EUR.csv")).toBeTruthy();
  // No chart, no PNG.
  expect(screen.queryByRole("button", { name: "Export PNG" })).toBeNull();
});

test("PNG export sends the chart canvas as a PNG data URL, and only while the chart shows", async () => {
  const chart = <canvas data-testid="canvas" />;
  render(<FigureCard testId="card" title="Revenue" figures={null} csv={revenueCsv} chart={chart} tables={table} />);
  const canvas = screen.getByTestId("canvas") as HTMLCanvasElement;
  canvas.toDataURL = vi.fn(() => "data:image/png;base64,iVBORw0KGgo=");
  fireEvent.click(screen.getByRole("button", { name: "Export PNG" }));
  await waitFor(() => expect(commands.chartExportSave).toHaveBeenCalled());
  expect(canvas.toDataURL).toHaveBeenCalledWith("image/png");
  expect(commands.pickFile).toHaveBeenCalledWith("save_chart_png", "revenue-EUR.png");
  expect(commands.chartExportSave).toHaveBeenCalledWith("/home/sam/save_chart_png/revenue-EUR.png", "png", "data:image/png;base64,iVBORw0KGgo=");
  fireEvent.click(screen.getByRole("button", { name: "Show table" }));
  expect(screen.queryByRole("button", { name: "Export PNG" })).toBeNull();
  expect(screen.getByRole("button", { name: "Export CSV" })).toBeTruthy();
});

test("a cancelled save dialog writes nothing, and a refused write is shown", async () => {
  commands.pickFile = vi.fn(async () => ok(null));
  render(<FigureCard testId="card" title="Revenue" figures={null} csv={revenueCsv} tables={table} />);
  fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
  await waitFor(() => expect(commands.pickFile).toHaveBeenCalled());
  expect(commands.chartExportSave).not.toHaveBeenCalled();

  commands.pickFile = vi.fn(async () => ok("/home/sam/x.csv"));
  commands.chartExportSave = vi.fn(async () => ({ status: "error", error: { code: "forbidden", message: "no", field: null } }));
  fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
  expect(await screen.findByText("This is not allowed.")).toBeTruthy();
});
