import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { ConsentPanel } from "./ConsentPanel";
import { ExportMenu } from "./ExportMenu";
import { GdprActions } from "./GdprActions";
import { ToastProvider } from "./Toast";

const query = { search: "anna", tag: null, owner: null, lifecycle: null, lead_status: null, company_id: null, sort: "name" as const, desc: false, limit: null, cursor: null };

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    exportFile: vi.fn(async () => ok({ path: "/data/exports/person-1.csv", count: 3 })),
    gdprErase: vi.fn(async () => ok({ id: 1, person_id: 7, erased_at: 0, counts: [] })),
    gdprExport: vi.fn(async () => ok({ json: "/x/person-7.json", html: "/x/person-7.html" })),
    consentList: vi.fn(async () => ok({ current: [], history: [] })),
    consentAdd: vi.fn(async () => ok({})),
  });
});

describe("ExportMenu", () => {
  it("warns that exports are plaintext and exports the current view as CSV", async () => {
    render(
      <ToastProvider>
        <ExportMenu csv={{ entity: "person", query }} />
      </ToastProvider>,
    );
    fireEvent.click(screen.getByTestId("export-open"));
    expect(screen.getByTestId("export-warning").textContent).toMatch(/not encrypted/);
    fireEvent.click(screen.getByTestId("export-csv"));
    await waitFor(() => expect(commands.exportFile).toHaveBeenCalledWith("csv", { entity: "person", query }));
    expect(await screen.findByText(/Exported 3 records to \/data\/exports\/person-1.csv/)).toBeTruthy();
    fireEvent.click(screen.getByTestId("export-open"));
    fireEvent.click(screen.getByTestId("export-json"));
    await waitFor(() => expect(commands.exportFile).toHaveBeenLastCalledWith("json", null));
  });
});

describe("GdprActions", () => {
  it("erases only after the person's name is typed", async () => {
    render(
      <ToastProvider>
        <GdprActions personId={7} name="Anna de Vries" />
      </ToastProvider>,
    );
    fireEvent.click(screen.getByTestId("gdpr-erase"));
    const confirm = screen.getByTestId("gdpr-erase-confirm") as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    const input = screen.getByRole("textbox");
    fireEvent.change(input, { target: { value: "Anna" } });
    expect(confirm.disabled).toBe(true);
    fireEvent.change(input, { target: { value: "Anna de Vries" } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(commands.gdprErase).toHaveBeenCalledWith(7));
  });
});

describe("ConsentPanel", () => {
  it("records a consent with its channel, purpose and source", async () => {
    render(
      <ToastProvider>
        <ConsentPanel personId={7} />
      </ToastProvider>,
    );
    expect(await screen.findByText("No consent recorded.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Purpose"), { target: { value: "newsletter" } });
    fireEvent.change(screen.getByLabelText("Source"), { target: { value: "double opt-in" } });
    fireEvent.click(screen.getByTestId("consent-add"));
    await waitFor(() =>
      expect(commands.consentAdd).toHaveBeenCalledWith({
        person_id: 7,
        channel: "email",
        purpose: "newsletter",
        status: "given",
        source: "double opt-in",
        at: null,
        note: null,
      }),
    );
  });
});
