import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { FormsProvider } from "../app/Forms";
import { ToastProvider } from "../components/Toast";
import { PeoplePage } from "./PeoplePage";

const row = (id: number, first: string) => ({
  id, first_name: first, last_name: "Test", display_name: `${first} Test`, email: null, phone: null, company_id: null, company_name: null,
  job_title: null, owner: null, tags: [], lifecycle: "lead", lead_status: "open", city: null, score: null, score_band: null, created_at: 0, updated_at: 0,
});

beforeEach(() => {
  // jsdom lays nothing out: give the list's scroll box a size, or the virtualizer shows no rows.
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1000);
  Object.assign(commands, makeCommands(), {
    // The list holds 1,200 people; the first page shows three of them.
    peopleList: vi.fn(async () => ok({ items: [row(1, "Ann"), row(2, "Bob"), row(3, "Cara")], next_cursor: null, total: 1200, total_exact: true })),
    cadencesList: vi.fn(async () => ok([])),
    campaignsList: vi.fn(async () => ok([{ id: 9, name: "Spring" }])),
    peopleBulk: vi.fn(async () => ok({ selected: 1199, changed: 1199, skipped: 0 })),
  });
});

/** The list's tag filter (the bulk bar has a "Tag" input of its own). */
const tagFilter = () => document.querySelector<HTMLInputElement>(".filter input[type=text]")!;

const page = () =>
  render(
    <ToastProvider>
      <FormsProvider>
        <PeoplePage />
      </FormsProvider>
    </ToastProvider>,
  );

it("select all takes the current filter minus the unticked, resolved in the core", async () => {
  page();
  await screen.findAllByTestId("person-select");
  fireEvent.change(tagFilter(), { target: { value: "vip" } });
  await waitFor(() => expect(commands.peopleList.mock.calls.some(([q]) => q.tag === "vip")).toBe(true));
  fireEvent.click(await screen.findByText("Select all 1,200 people shown"));
  const boxes = await screen.findAllByTestId("person-select");
  expect(boxes.every((b) => (b as HTMLInputElement).checked)).toBe(true);
  fireEvent.click(boxes[1]);
  expect(screen.getByTestId("bulk-count").textContent).toBe("1,199 selected");
  fireEvent.change(screen.getByTestId("bulk-kind"), { target: { value: "set_owner" } });
  fireEvent.change(screen.getByTestId("bulk-text"), { target: { value: "maria" } });
  fireEvent.click(screen.getByTestId("bulk-apply"));
  await waitFor(() => expect(commands.peopleBulk).toHaveBeenCalled());
  const [selection, action] = commands.peopleBulk.mock.calls[0];
  expect(action).toEqual({ kind: "set_owner", owner: "maria" });
  expect(selection).toMatchObject({ segment_id: null, ids: [], exclude: [2], query: { tag: "vip", search: null, limit: null, cursor: null } });
  expect(await screen.findByText(/1,199 people changed/)).toBeTruthy();
});

it("ticked rows are sent as ids, and a new filter starts a new selection", async () => {
  page();
  const boxes = await screen.findAllByTestId("person-select");
  fireEvent.click(boxes[0]);
  expect(screen.getByTestId("bulk-count").textContent).toBe("1 selected");
  fireEvent.change(tagFilter(), { target: { value: "vip" } });
  await waitFor(() => expect(screen.queryByTestId("bulk-bar")).toBeNull());
  fireEvent.click(screen.getAllByTestId("person-select")[2]);
  fireEvent.change(screen.getByTestId("bulk-text"), { target: { value: "spring" } });
  fireEvent.click(screen.getByTestId("bulk-apply"));
  await waitFor(() => expect(commands.peopleBulk).toHaveBeenCalled());
  expect(commands.peopleBulk.mock.calls[0]).toEqual([{ segment_id: null, ids: [3], exclude: [] }, { kind: "add_tag", tag: "spring" }]);
});
