import { fireEvent, render, screen, within } from "@testing-library/react";
import { expect, test } from "vitest";
import { FigureCard } from "./DashboardCard";

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
