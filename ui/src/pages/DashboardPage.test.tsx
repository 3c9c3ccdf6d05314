import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, expect, test, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));
// jsdom has no canvas: the chart is drawn by a stand-in that lists its labels.
vi.mock("../components/BarChart", () => ({
  themeColour: (_: string, fallback: string) => fallback,
  BarChart: ({ labels, testId }: { labels: string[]; testId?: string }) => <canvas data-testid={testId} data-labels={labels.join("|")} />,
}));

import { ToastProvider } from "../components/Toast";
import "../i18n";
import { DashboardPage } from "./DashboardPage";

const dashboard = {
  funnel: { lifecycle: [{ stage: "lead", people: 3, share: 1 }], pipelines: [] },
  revenue: { months: [], currencies: [] },
  churn: { from: "2025-01-01", to: "2025-12-31", inactivity_days: 365, customers_at_start: 0, customers_lost: 0, marked_churned: 0, churn_rate: null, currencies: [] },
  retention: { cohorts: [] },
  clv: { currencies: [] },
  conversion: {
    by_source: [
      { key: "web", campaign_id: null, segment_id: null, leads: 4, customers: 1, won: 1, rate: 0.25 },
      { key: "", campaign_id: null, segment_id: null, leads: 2, customers: 0, won: 0, rate: 0 },
    ],
    by_segment: [{ key: "VIP", campaign_id: null, segment_id: 9, leads: 2, customers: 1, won: 0, rate: 0.5 }],
    by_campaign: [{ key: "Spring", campaign_id: 7, segment_id: null, leads: 3, customers: 2, won: 1, rate: 2 / 3 }],
  },
};

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    analyticsDashboard: vi.fn(async () => ok(dashboard)),
    analyticsFilterOptions: vi.fn(async () => ok({ owners: ["kim", "lars"], sources: ["fair", "web"] })),
    pipelinesList: vi.fn(async () => ok([{ id: 1, name: "Sales", system_key: "sales", position: 0, stages: [] }])),
    segmentsList: vi.fn(async () => ok([{ id: 9, name: "VIP", filter: { all: [] }, is_static: false, pinned: false, created_at: 0, updated_at: 0 }])),
  });
});

const options = (testId: string) => Array.from(screen.getByTestId(testId).querySelectorAll("option")).map((o) => o.textContent);

test("the owner, pipeline, source and segment pickers list the core's values and filter the figures", async () => {
  render(<ToastProvider><DashboardPage /></ToastProvider>);
  await waitFor(() => expect(options("dash-segment")).toEqual(["All", "VIP"]));
  expect(options("dash-owner")).toEqual(["All", "kim", "lars"]);
  expect(options("dash-pipeline")).toEqual(["All", "Sales"]);
  expect(options("dash-source")).toEqual(["All", "fair", "web"]);
  expect(commands.analyticsDashboard).toHaveBeenLastCalledWith(
    { from: null, to: null, owner: null, pipeline_id: null, source: null, segment_id: null },
    "month",
  );
  fireEvent.change(screen.getByTestId("dash-source"), { target: { value: "web" } });
  fireEvent.change(screen.getByTestId("dash-segment"), { target: { value: "9" } });
  fireEvent.change(screen.getByTestId("dash-pipeline"), { target: { value: "1" } });
  fireEvent.change(screen.getByTestId("dash-owner"), { target: { value: "kim" } });
  await waitFor(() =>
    expect(commands.analyticsDashboard).toHaveBeenLastCalledWith(
      { from: null, to: null, owner: "kim", pipeline_id: 1, source: "web", segment_id: 9 },
      "month",
    ),
  );
});

test("the conversion card shows each source, segment and campaign with its rate, and exports them", async () => {
  commands.pickFile = vi.fn(async () => ok("/home/sam/conversion.csv"));
  commands.chartExportSave = vi.fn(async () => ok(null));
  render(<ToastProvider><DashboardPage /></ToastProvider>);
  const card = await screen.findByTestId("dash-conversion");
  expect(within(card).getByTestId("conversion-chart").getAttribute("data-labels")).toBe("web|(no source)");
  fireEvent.click(within(card).getByRole("button", { name: "Show table" }));
  const web = within(card).getByRole("cell", { name: "web" }).closest("tr")!;
  expect(Array.from(web.querySelectorAll("td")).map((c) => c.textContent)).toEqual(["web", "4", "1", "1", "25%"]);
  expect(within(card).getByRole("cell", { name: "(no source)" })).toBeTruthy();
  const spring = within(card).getByRole("cell", { name: "Spring" }).closest("tr")!;
  expect(spring.querySelectorAll("td")[4].textContent).toBe("66.7%");
  const vip = within(card).getByRole("cell", { name: "VIP" }).closest("tr")!;
  expect(Array.from(vip.querySelectorAll("td")).map((c) => c.textContent)).toEqual(["VIP", "2", "1", "0", "50%"]);
  expect(within(card).getAllByRole("columnheader", { name: "Segment" })).toHaveLength(1);
  fireEvent.click(within(card).getByRole("button", { name: "Export CSV" }));
  await waitFor(() => expect(commands.chartExportSave).toHaveBeenCalled());
  expect(commands.pickFile).toHaveBeenCalledWith("save_chart_csv", "conversion.csv");
  const csv = commands.chartExportSave.mock.calls[0][2] as string;
  expect(csv.split("\r\n")).toEqual([
    "by,name,leads,customers,won,rate",
    "source,web,4,1,1,0.25",
    "source,,2,0,0,0",
    "segment,VIP,2,1,0,0.5",
    `campaign,Spring,3,2,1,${2 / 3}`,
    "",
  ]);
});

test("a filter that matches nothing says so and clears, instead of inviting an import", async () => {
  const none = { ...dashboard, funnel: { lifecycle: [], pipelines: [] }, conversion: { by_source: [], by_segment: [], by_campaign: [] } };
  commands.analyticsDashboard = vi.fn(async (filter: { source: string | null }) => ok(filter.source ? none : dashboard));
  render(<ToastProvider><DashboardPage /></ToastProvider>);
  await waitFor(() => expect(options("dash-source")).toEqual(["All", "fair", "web"]));
  fireEvent.change(screen.getByTestId("dash-source"), { target: { value: "fair" } });
  await screen.findByText("No figures match these filters");
  expect(screen.queryByText("Import orders")).toBeNull();
  fireEvent.click(screen.getByTestId("dash-clear-filters"));
  await screen.findByTestId("dash-conversion");
  expect((screen.getByTestId("dash-source") as HTMLSelectElement).value).toBe("");
});
