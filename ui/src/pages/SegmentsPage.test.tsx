import { render, screen, within } from "@testing-library/react";
import { beforeEach, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { ToastProvider } from "../components/Toast";
import { SegmentsPage } from "./SegmentsPage";

const segment = (id: number, name: string) => ({ id, name, filter: { all: [] }, is_static: false, pinned: false, created_at: 0, updated_at: 0 });

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    segmentsList: vi.fn(async () => ok([segment(1, "Tulp contacts"), segment(2, "Lapsed")])),
    segmentsCount: vi.fn(async (id: number) => ok({ count: id === 1 ? 2 : 0 })),
  });
});

it("each segment row writes its live count out, not as a bare number", async () => {
  render(
    <ToastProvider>
      <SegmentsPage />
    </ToastProvider>,
  );
  const rows = await screen.findAllByTestId("segment-row");
  expect(rows).toHaveLength(2);
  expect((await within(rows[0]).findByTestId("segment-count")).textContent).toBe("2 people match");
  expect((await within(rows[1]).findByTestId("segment-count")).textContent).toBe("0 people match");
});
