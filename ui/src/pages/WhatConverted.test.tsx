import { render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, expect, test, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import "../i18n";
import { WhatConverted } from "./WhatConverted";

const row = (key: string, leads: number, customers: number, ids: { segment_id?: number; campaign_id?: number } = {}) => ({
  key,
  campaign_id: ids.campaign_id ?? null,
  segment_id: ids.segment_id ?? null,
  leads,
  customers,
  won: 0,
  rate: leads ? customers / leads : null,
});

beforeEach(() => {
  Object.assign(commands, makeCommands());
});

test("sources, segments and campaigns are ranked by their conversion rate, leadless rows left out", async () => {
  commands.analyticsConversion = vi.fn(async () =>
    ok({
      by_source: [row("web", 10, 2), row("", 4, 0), row("fair", 0, 0)],
      by_segment: [row("VIP", 4, 3, { segment_id: 9 })],
      by_campaign: [row("Spring", 5, 2, { campaign_id: 7 })],
    }),
  );
  render(<WhatConverted />);
  const table = await screen.findByTestId("scoring-conversion");
  const rows = within(table).getAllByRole("row").slice(1).map((r) => r.textContent);
  expect(rows).toEqual(["Segment: VIP4375%", "Campaign: Spring5240%", "Source: web10220%", "Source: (no source)400%"]);
  expect(commands.analyticsConversion).toHaveBeenCalledWith({ from: null, to: null, owner: null, pipeline_id: null, source: null, segment_id: null });
});

test("with no leads it says there is nothing to learn from", async () => {
  commands.analyticsConversion = vi.fn(async () => ok({ by_source: [], by_segment: [], by_campaign: [] }));
  render(<WhatConverted />);
  await waitFor(() => expect(screen.getByText("No leads to learn from yet.")).toBeTruthy());
});
