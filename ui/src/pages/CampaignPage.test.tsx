import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

// jsdom has no canvas: the chart is a stand-in that shows what it was given.
vi.mock("../components/BarChart", () => ({
  themeColour: (_: string, fallback: string) => fallback,
  BarChart: ({ labels, series }: { labels: string[]; series: { values: number[] }[] }) => <canvas data-testid="bar-chart" data-labels={labels.join("|")} data-values={series[0].values.join("|")} />,
}));

import { ToastProvider } from "../components/Toast";
import { CampaignPage } from "./CampaignPage";
import { CampaignsPage } from "./CampaignsPage";

const campaign = {
  id: 3,
  name: "Spring",
  channel: "email",
  goal: null,
  purpose: "newsletter",
  starts_on: null,
  ends_on: null,
  owner: null,
  budget_minor: 100000,
  currency: "EUR",
  conversion_days: 30,
  members: 2,
  cost_minor: 25050,
  created_at: 0,
  updated_at: 0,
};
const member = (person_id: number, name: string, replied: number | null) => ({
  person_id,
  name,
  email: `${name.toLowerCase()}@x.test`,
  variant: null,
  added_at: 0,
  outbox_id: null,
  queued_at: null,
  sent_at: replied,
  bounced_at: null,
  replied_at: replied,
  unsubscribed_at: null,
  converted_at: null,
});
const report = {
  campaign_id: 3,
  model: "last_touch",
  currency: "EUR",
  members: 2,
  queued: 1,
  sent: 1,
  bounced: 0,
  replied: 1,
  unsubscribed: 0,
  converted: 0,
  leads: 1,
  won_deals: 0,
  revenue_minor: 0,
  cost_minor: 25050,
  cost_per_lead_minor: 25050,
  cost_per_acquisition_minor: null,
  return_on_spend: -1,
  documents_sent: [{ document_id: 3, title: "Retail case study", count: 2 }],
};
const plan = (dry: boolean) => ({
  recipients: [{ person_id: 1, name: "Ann", email: "ann@x.test", variant: null }],
  skipped: [{ person_id: 2, name: "Bob", reason: "no_consent" }],
  already_sent: 0,
  queued: dry ? 0 : 1,
  dry_run: dry,
});

const progress = (paused: boolean, queued: number) => ({
  campaign_id: 3,
  name: "Spring",
  total: 500,
  queued,
  sent: 500 - queued - 3,
  failed: 3,
  skipped: 2,
  paused,
  running: queued > 0,
});

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    campaignsList: vi.fn(async () => ok([campaign])),
    campaignsGet: vi.fn(async () => ok(campaign)),
    campaignsAbtest: vi.fn(async () => ok(null)),
    campaignsReport: vi.fn(async () => ok(report)),
    campaignsMembers: vi.fn(async () => ok([member(1, "Ann", 1000), member(2, "Bob", null)])),
    campaignsCosts: vi.fn(async () => ok([{ id: 1, campaign_id: 3, spent_on: "2025-03-01", amount_minor: 25050, note: "ads" }])),
    templatesList: vi.fn(async () => ok([{ id: 5, name: "News" }])),
    mailAccountsList: vi.fn(async () => ok([{ id: 9, name: "Work", address: "me@x.test" }])),
    campaignsSend: vi.fn(async (req: { dry_run: boolean }) => ok(plan(req.dry_run))),
    campaignsProgress: vi.fn(async () => ok(progress(false, 0))),
  });
});

describe("Campaigns", () => {
  it("shows a running send's progress and pauses it", async () => {
    commands.campaignsProgress = vi.fn(async () => ok(progress(false, 377)));
    commands.campaignsPause = vi.fn(async () => ok(progress(true, 377)));
    render(<ToastProvider><CampaignPage id={3} /></ToastProvider>);
    const card = await screen.findByTestId("send-progress");
    expect(screen.getByTestId("send-progress-counts").textContent).toBe("120 of 500 sent · 3 failed · 377 waiting");
    expect(card.querySelector("progress")!.getAttribute("value")).toBe("123");
    fireEvent.click(screen.getByTestId("send-pause"));
    await waitFor(() => expect(commands.campaignsPause).toHaveBeenCalledWith(3));
  });

  it("resumes a paused send", async () => {
    commands.campaignsProgress = vi.fn(async () => ok(progress(true, 377)));
    commands.campaignsResume = vi.fn(async () => ok(progress(false, 377)));
    render(<ToastProvider><CampaignPage id={3} /></ToastProvider>);
    expect((await screen.findByTestId("send-progress")).textContent).toContain("Sending paused");
    fireEvent.click(screen.getByTestId("send-resume"));
    await waitFor(() => expect(commands.campaignsResume).toHaveBeenCalledWith(3));
  });

  it("shows no progress when nothing waits", async () => {
    render(<ToastProvider><CampaignPage id={3} /></ToastProvider>);
    await screen.findByTestId("campaign-report");
    await waitFor(() => expect(commands.campaignsProgress).toHaveBeenCalled());
    expect(screen.queryByTestId("send-progress")).toBeNull();
  });

  it("lists campaigns with members and cost", async () => {
    render(<ToastProvider><CampaignsPage /></ToastProvider>);
    const row = await screen.findByTestId("campaign-row");
    expect(row.textContent).toContain("Spring");
    expect(row.textContent).toContain("Email");
    expect(row.textContent).toContain("250.50");
  });

  it("checks the New campaign dialog before calling the core, then adds the campaign", async () => {
    commands.campaignsAdd = vi.fn(async () => ok(campaign));
    render(<ToastProvider><CampaignsPage /></ToastProvider>);
    await screen.findByTestId("campaign-row");
    fireEvent.click(screen.getByTestId("new-campaign"));
    fireEvent.click(await screen.findByTestId("campaign-save"));
    expect(await screen.findByTestId("error-name")).toBeTruthy();
    expect(screen.getByTestId("error-purpose")).toBeTruthy();
    expect(commands.campaignsAdd).not.toHaveBeenCalled();
    const field = (name: string) => document.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;
    fireEvent.change(field("name"), { target: { value: "Fair" } });
    fireEvent.change(field("channel"), { target: { value: "event" } });
    fireEvent.change(field("purpose"), { target: { value: "events" } });
    fireEvent.change(field("budget_minor"), { target: { value: "1,500.00" } });
    fireEvent.change(field("currency"), { target: { value: "eur" } });
    fireEvent.click(screen.getByTestId("campaign-save"));
    await waitFor(() => expect(commands.campaignsAdd).toHaveBeenCalledTimes(1));
    expect(commands.campaignsAdd.mock.calls[0][0]).toMatchObject({ name: "Fair", channel: "event", purpose: "events", budget_minor: 150000, currency: "EUR" });
  });

  it("shows report figures and members, and the skip list before sending", async () => {
    render(<ToastProvider><CampaignPage id={3} /></ToastProvider>);
    await waitFor(() => expect(screen.getAllByTestId("member-row")).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId("figure-replied").textContent).toContain("1"));
    expect(screen.getByTestId("figure-costPerLead").textContent).toContain("250.50");
    expect(screen.getByTestId("campaign-document-sent").textContent).toBe("Retail case study 2 times");
    expect((await screen.findByTestId("cost-row")).textContent).toContain("ads");

    fireEvent.click(screen.getByTestId("send-campaign"));
    await waitFor(() => expect(document.querySelectorAll('[name="template"] option')).toHaveLength(1));
    fireEvent.click(screen.getByTestId("send-check"));
    const skip = await screen.findByTestId("skip-row");
    expect(skip.textContent).toContain("Bob");
    expect(skip.textContent).toContain("No consent for this purpose");
    expect(commands.campaignsSend).toHaveBeenCalledTimes(1);
    expect(commands.campaignsSend.mock.calls[0][0]).toMatchObject({ campaign_id: 3, template: "News", dry_run: true, scope: { kind: "all" } });
    fireEvent.click(screen.getByTestId("send-confirm"));
    await waitFor(() => expect(commands.campaignsSend).toHaveBeenCalledTimes(2));
    expect(commands.campaignsSend.mock.calls[1][0]).toMatchObject({ dry_run: false, account_id: 9 });
  });

  it("charts the report and exports its figures as CSV through the save dialog", async () => {
    commands.pickFile = vi.fn(async () => ok("/home/sam/campaign.csv"));
    commands.chartExportSave = vi.fn(async () => ok(null));
    render(<ToastProvider><CampaignPage id={3} /></ToastProvider>);
    const card = await screen.findByTestId("campaign-chart");
    const chart = card.querySelector("[data-testid=bar-chart]");
    expect(chart?.getAttribute("data-labels")).toBe("Members|Sent|Replied|Converted|Leads|Won deals");
    expect(chart?.getAttribute("data-values")).toBe("2|1|1|0|1|0");
    fireEvent.click(screen.getByText("Export CSV", { selector: "[data-testid=campaign-chart] button" }));
    await waitFor(() => expect(commands.chartExportSave).toHaveBeenCalled());
    expect(commands.pickFile.mock.calls[0]).toEqual(["save_chart_csv", "campaign-3-last_touch.csv"]);
    const [, format, csv] = commands.chartExportSave.mock.calls[0];
    expect(format).toBe("csv");
    expect(csv).toBe("figure,value (EUR)\r\nmembers,2\r\nsent,1\r\nreplied,1\r\nconverted,0\r\nleads,1\r\nwonDeals,0\r\nrevenue,0.00\r\ncost,250.50\r\nreturn_on_spend,-1\r\n");
  });

  it("sets up an A/B test with two variants", async () => {
    commands.templatesList = vi.fn(async () => ok([{ id: 5, name: "News" }, { id: 6, name: "Offer" }]));
    commands.campaignsAbtestSetup = vi.fn(async () => ok({}));
    render(<ToastProvider><CampaignPage id={3} /></ToastProvider>);
    fireEvent.click(await screen.findByTestId("ab-setup"));
    await waitFor(() => expect(document.querySelectorAll('[name="variants.1.template"] option')).toHaveLength(2));
    const field = (name: string) => document.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!;
    fireEvent.change(field("variants.1.template"), { target: { value: "Offer" } });
    fireEvent.change(field("variants.1.subject"), { target: { value: "A better offer" } });
    fireEvent.change(field("test_percent"), { target: { value: "30" } });
    fireEvent.click(screen.getByTestId("ab-setup-save"));
    await waitFor(() => expect(commands.campaignsAbtestSetup).toHaveBeenCalledTimes(1));
    expect(commands.campaignsAbtestSetup.mock.calls[0]).toEqual([
      3,
      {
        variants: [
          { template: "News", subject: null },
          { template: "Offer", subject: "A better offer" },
        ],
        test_percent: 30,
        metric: "reply",
        window_days: 7,
        seed: null,
      },
    ]);
  });

  it("shows A/B results and that there is no winner", async () => {
    commands.campaignsAbtest = vi.fn(async () =>
      ok({
        campaign_id: 3,
        metric: "reply",
        window_days: 7,
        seed: 1,
        test_percent: 20,
        variants: [
          { variant: 0, template: "News", subject: null, n: 10, successes: 3, rate: 0.3, low: 0.1, high: 0.6, p_value: null, method: null },
          { variant: 1, template: "News", subject: "Hi", n: 10, successes: 1, rate: 0.1, low: 0.02, high: 0.4, p_value: 0.58, method: "fisher" },
        ],
        leader: 0,
        winner: null,
        rest_variant: null,
      }),
    );
    render(<ToastProvider><CampaignPage id={3} /></ToastProvider>);
    await waitFor(() => expect(screen.getAllByTestId("ab-row")).toHaveLength(2));
    expect(screen.getByTestId("ab-verdict").textContent).toContain("No significant difference");
    expect(screen.getAllByTestId("ab-row")[1].textContent).toContain("0.58");
  });
});
