import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, expect, it, vi } from "vitest";
import { emptyPage, makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { ToastProvider } from "../components/Toast";
import { isSelected, selectedCount, toggle, toSelection } from "../hooks/useSelection";
import { SegmentPage } from "./SegmentPage";

const row = (id: number, first: string) => ({
  id, first_name: first, last_name: "Test", display_name: `${first} Test`, email: null, phone: null, company_id: null, company_name: null,
  job_title: null, owner: null, tags: [], lifecycle: "lead", lead_status: "open", city: null, score: null, score_band: null, created_at: 0, updated_at: 0,
});

beforeEach(() => {
  // jsdom lays nothing out: give the list's scroll box a size, or the virtualizer shows no rows.
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1000);
  Object.assign(commands, makeCommands(), {
    segmentsList: vi.fn(async () => ok([{ id: 7, name: "Amsterdam", filter: { all: [] }, is_static: false, pinned: false, created_at: 0, updated_at: 0 }])),
    // The segment holds 250 people; the first page shows three of them.
    segmentsCount: vi.fn(async () => ok({ count: 250 })),
    segmentsMembers: vi.fn(async () => ({ ...emptyPage([row(1, "Ann"), row(2, "Bob"), row(3, "Cara")]) })),
    cadencesList: vi.fn(async () => ok([{ id: 4, name: "New lead follow-up", steps: [] }])),
    campaignsList: vi.fn(async () => ok([{ id: 9, name: "Spring" }])),
    peopleBulk: vi.fn(async () => ok({ selected: 2, changed: 1, skipped: 1 })),
    pickFile: vi.fn(async () => ok("/home/sam/Amsterdam.csv")),
    peopleExportSave: vi.fn(async () => ok({ path: "/home/sam/Amsterdam.csv", count: 249 })),
  });
});

it("the selection state ticks rows, or the whole segment minus the unticked", () => {
  let s = toggle(toggle({ all: false, ids: [], exclude: [] }, 1), 3);
  expect([isSelected(s, 1), isSelected(s, 2), selectedCount(s, 250)]).toEqual([true, false, 2]);
  expect(toSelection(s, 7)).toEqual({ segment_id: null, ids: [1, 3], exclude: [] });
  s = toggle({ all: true, ids: [], exclude: [] }, 2);
  expect([isSelected(s, 1), isSelected(s, 2), selectedCount(s, 250)]).toEqual([true, false, 249]);
  expect(toSelection(s, 7)).toEqual({ segment_id: 7, ids: [], exclude: [2] });
});

const page = () =>
  render(
    <ToastProvider>
      <SegmentPage id={7} />
    </ToastProvider>,
  );

it("ticked rows get the bulk bar; applying a tag sends their ids and toasts the counts", async () => {
  page();
  const boxes = await screen.findAllByTestId("person-select");
  fireEvent.click(boxes[0]);
  fireEvent.click(boxes[2]);
  expect(screen.getByTestId("bulk-count").textContent).toBe("2 selected");
  fireEvent.change(screen.getByTestId("bulk-text"), { target: { value: " VIP " } });
  fireEvent.click(screen.getByTestId("bulk-apply"));
  await waitFor(() => expect(commands.peopleBulk).toHaveBeenCalled());
  expect(commands.peopleBulk.mock.calls[0]).toEqual([{ segment_id: null, ids: [1, 3], exclude: [] }, { kind: "add_tag", tag: "VIP" }]);
  expect(await screen.findByText("1 person changed, 1 skipped (had it already)")).toBeTruthy();
  expect(screen.queryByTestId("bulk-bar")).toBeNull();
});

it("select all takes the whole segment, not the loaded page, and exports it through the save dialog", async () => {
  page();
  fireEvent.click(await screen.findByText("Select all 250 members"));
  const boxes = await screen.findAllByTestId("person-select");
  expect(boxes.every((b) => (b as HTMLInputElement).checked)).toBe(true);
  fireEvent.click(boxes[1]);
  expect(screen.getByTestId("bulk-count").textContent).toBe("249 selected");
  fireEvent.change(screen.getByTestId("bulk-kind"), { target: { value: "add_to_campaign" } });
  expect((screen.getByTestId("bulk-target") as HTMLSelectElement).value).toBe("9");
  fireEvent.click(screen.getByTestId("bulk-apply"));
  await waitFor(() => expect(commands.peopleBulk).toHaveBeenCalled());
  expect(commands.peopleBulk.mock.calls[0]).toEqual([{ segment_id: 7, ids: [], exclude: [2] }, { kind: "add_to_campaign", campaign_id: 9 }]);

  fireEvent.click(await screen.findByText("Select all 250 members"));
  fireEvent.click(screen.getByTestId("bulk-export-csv"));
  await waitFor(() => expect(commands.peopleExportSave).toHaveBeenCalled());
  expect(commands.pickFile.mock.calls[0]).toEqual(["save_people_csv", "Amsterdam"]);
  expect(commands.peopleExportSave.mock.calls[0]).toEqual(["/home/sam/Amsterdam.csv", { segment_id: 7, ids: [], exclude: [] }, "csv"]);
  expect(await screen.findByText("249 people exported")).toBeTruthy();
});
