import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
// The search indexer's progress listener, so a test can send it events.
const indexer = vi.hoisted(() => ({ send: (_p: { done: number; total: number }) => {} }));
vi.mock("../bindings", async (real) => ({ ...(await real<object>()),
  commands,
  events: {
    dataChanged: { listen: vi.fn() },
    reminderFired: { listen: vi.fn() },
    searchIndexProgress: {
      listen: vi.fn(async (cb: (e: { payload: { done: number; total: number } }) => void) => {
        indexer.send = (payload) => cb({ payload });
        return () => {};
      }),
    },
  },
}));
vi.mock("@tauri-apps/api/core", () => ({
  Channel: class {
    onmessage: (m: unknown) => void = () => {};
  },
}));

import { DEFAULT_SETTINGS } from "../api/types";
import { AppStateProvider } from "../app/AppState";
import { ToastProvider } from "../components/Toast";
import { ImportPage } from "./ImportPage";

const preview = {
  format: "csv",
  encoding: "windows-1252",
  delimiter: ";",
  headers: ["Name", "E-mail", "Omzet"],
  rows: [["Jan de Vries", "jan@voorbeeld.nl", "1.234,56"]],
  mapping: [
    { column: "Name", target: { kind: "field", value: "full_name" } },
    { column: "E-mail", target: { kind: "field", value: "email" } },
    { column: "Omzet", target: { kind: "custom", value: "Omzet" } },
  ],
  fields: ["full_name", "email", "first_name"],
};
const report = {
  batch_id: 4, created: 2, updated: 0, skipped: 1, rows: 4, cancelled: false, dry_run: false, encoding: "windows-1252",
  delimiter: ";", custom_fields_created: [], elapsed_ms: 3, rows_per_sec: 1000, search_pending: 0,
  errors: [{ row: 3, message: "\"x\" is not a valid email address", field: "emails.0.value" }],
  warnings: [] as { row: number; message: string; field?: string; value?: string }[],
};

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    importBatchesList: vi.fn(async () => ok([{ id: 4, format: "csv", entity: "people", file_name: "a.csv", created: 2, updated: 0, skipped: 1, errors: 1, created_at: Date.now(), undone_at: null }])),
    importPreview: vi.fn(async () => ok(preview)),
    importRun: vi.fn(async () => ok(report)),
    importUndo: vi.fn(async () => ok({ deleted: 2, restored: 0 })),
    importSaveRejected: vi.fn(async () => ok(null)),
  });
});

/** Previews a file and starts its import with the mapping as detected. */
async function importFile(path: string) {
  fireEvent.change(screen.getByLabelText("File"), { target: { value: path } });
  fireEvent.click(screen.getByTestId("import-preview"));
  await screen.findByText("Encoding: windows-1252 · Delimiter: ;");
  fireEvent.click(screen.getByTestId("import-start"));
}

function setup() {
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={DEFAULT_SETTINGS} info={null}>
        <ImportPage />
      </AppStateProvider>
    </ToastProvider>,
  );
}

describe("ImportPage", () => {
  it("previews, lets the user change the mapping, imports and shows the rejected rows", async () => {
    setup();
    fireEvent.change(screen.getByLabelText("File"), { target: { value: " /tmp/a.csv " } });
    fireEvent.click(screen.getByTestId("import-preview"));
    await screen.findByText("Encoding: windows-1252 · Delimiter: ;");
    expect(commands.importPreview).toHaveBeenCalledWith("/tmp/a.csv", null, "people");
    fireEvent.change(screen.getByLabelText("Field for column Omzet"), { target: { value: "ignore" } });
    fireEvent.change(screen.getByLabelText("When a record already exists"), { target: { value: "update" } });
    fireEvent.click(screen.getByTestId("import-start"));
    await screen.findByTestId("import-result");
    const [path, options] = commands.importRun.mock.calls[0];
    expect(path).toBe("/tmp/a.csv");
    expect(options.on_duplicate).toBe("update");
    expect(options.mappings[2]).toEqual({ column: "Omzet", target: { kind: "ignore" } });
    expect(screen.getByText("2 created, 0 updated, 1 skipped, 1 rejected")).toBeTruthy();
    expect(screen.getAllByTestId("import-error-row")).toHaveLength(1);
    fireEvent.change(screen.getByLabelText("Save rejected rows to"), { target: { value: "/tmp/rejected.csv" } });
    fireEvent.click(screen.getByText("Save rejected rows as CSV"));
    await waitFor(() => expect(commands.importSaveRejected).toHaveBeenCalledWith("/tmp/rejected.csv"));
  });

  it("says when the people of a large import become searchable", async () => {
    commands.importRun = vi.fn(async () => ok({ ...report, created: 12000, search_pending: 7000, errors: [] }));
    setup();
    await importFile("/tmp/big.csv");
    await screen.findByTestId("search-index-progress");
    expect(screen.getByText(/search: 0 of 7,000\. They are already in every list\./)).toBeTruthy();
    act(() => indexer.send({ done: 5000, total: 7000 }));
    expect(screen.getByText(/search: 5,000 of 7,000\./)).toBeTruthy();
    act(() => indexer.send({ done: 7000, total: 7000 }));
    expect(screen.getByTestId("search-index-done").textContent).toBe("All imported people can be found by search.");
  });

  it("lists the rows kept with a country it does not know", async () => {
    const warning = { row: 5, message: "not a country", field: "address.country", value: "Atlantis" };
    commands.importRun = vi.fn(async () => ok({ ...report, warnings: [warning] }));
    setup();
    await importFile("/tmp/leads.csv");
    await screen.findByTestId("import-warnings");
    expect(screen.getByText("1 row imported with a warning")).toBeTruthy();
    expect(screen.getByTestId("import-warning-row").textContent).toBe(
      "Row 5: Relata doesn’t know the country “Atlantis”, so it was kept as typed. Fix it on the record when you get a chance.",
    );
  });

  it("imports order lines with a currency, a time zone and anonymous lines skipped, and shows what they became", async () => {
    const orders = { orders: 1200, returns: 31, customers_created: 840, products_created: 95, anonymous_imported: 0, anonymous_skipped: 12, existing_skipped: 3 };
    commands.importRun = vi.fn(async () => ok({ ...report, errors: [], created: 3400, orders }));
    setup();
    fireEvent.change(screen.getByLabelText("Import as"), { target: { value: "orders" } });
    fireEvent.change(screen.getByLabelText("File"), { target: { value: "/tmp/shop.csv" } });
    fireEvent.click(screen.getByTestId("import-preview"));
    await screen.findByTestId("import-order-options");
    // Existing invoices are always skipped: the duplicates choice is not offered for orders.
    expect(screen.queryByLabelText("When a record already exists")).toBeNull();
    expect((screen.getByLabelText("Currency") as HTMLSelectElement).value).toBe("EUR");
    fireEvent.change(screen.getByLabelText("Currency"), { target: { value: "GBP" } });
    fireEvent.change(screen.getByLabelText("Time zone"), { target: { value: "Europe/London" } });
    fireEvent.change(screen.getByLabelText("Lines without a customer"), { target: { value: "skip" } });
    fireEvent.click(screen.getByTestId("import-start"));
    await screen.findByTestId("import-order-result");
    const [, options] = commands.importRun.mock.calls[0];
    expect(options).toMatchObject({ entity: "orders", currency: "GBP", timezone: "Europe/London", anonymous: "skip" });
    expect(screen.getByText("1,200 orders (31 returns), 840 new customers, 95 new products")).toBeTruthy();
    expect(screen.getByText("Lines without a customer: 0 imported as anonymous sales, 12 skipped")).toBeTruthy();
    expect(screen.getByText("3 lines of invoices already in Relata were skipped")).toBeTruthy();
  });

  it("leaves the order options out of other imports and the time zone to the core when it is emptied", async () => {
    setup();
    fireEvent.change(screen.getByLabelText("Import as"), { target: { value: "orders" } });
    fireEvent.change(screen.getByLabelText("File"), { target: { value: "/tmp/shop.csv" } });
    fireEvent.click(screen.getByTestId("import-preview"));
    await screen.findByTestId("import-order-options");
    fireEvent.change(screen.getByLabelText("Time zone"), { target: { value: "  " } });
    fireEvent.click(screen.getByTestId("import-start"));
    await waitFor(() => expect(commands.importRun).toHaveBeenCalledTimes(1));
    expect(commands.importRun.mock.calls[0][1]).toMatchObject({ currency: "EUR", timezone: null, anonymous: "import" });
    fireEvent.change(screen.getByLabelText("Import as"), { target: { value: "people" } });
    fireEvent.click(screen.getByTestId("import-preview"));
    await waitFor(() => expect(screen.queryByTestId("import-order-options")).toBeNull());
    fireEvent.click(await screen.findByTestId("import-start"));
    await waitFor(() => expect(commands.importRun).toHaveBeenCalledTimes(2));
    const people = commands.importRun.mock.calls[1][1];
    expect(people.entity).toBe("people");
    expect(people).not.toHaveProperty("currency");
    expect(people).not.toHaveProperty("anonymous");
  });

  it("imports newsletter signups with a purpose and follow-ups and shows what became of the rows", async () => {
    commands.consentPurposes = vi.fn(async () => ok(["newsletter", "product updates"]));
    commands.segmentsList = vi.fn(async () => ok([{ id: 7, name: "Subscribers", is_static: true }, { id: 8, name: "Live one", is_static: false }]));
    commands.campaignsList = vi.fn(async () => ok([{ id: 3, name: "Welcome" }]));
    commands.cadencesList = vi.fn(async () => ok([{ id: 2, name: "Welcome series", steps: [] }]));
    const signups = {
      created: 2, merged: 1, consents_recorded: 2, segment_joined: 3, campaign_joined: 3, cadences_started: 2,
      consents_refused: [{ row: 4, reason: "missing_time", message: "consent is claimed without the time it was given" }],
    };
    commands.importRun = vi.fn(async () => ok({ ...report, errors: [], signups }));
    setup();
    expect(screen.queryByTestId("import-signup-options")).toBeNull();
    fireEvent.change(screen.getByLabelText("Import as"), { target: { value: "signups" } });
    fireEvent.change(screen.getByLabelText("File"), { target: { value: "/tmp/form.json" } });
    fireEvent.click(screen.getByTestId("import-preview"));
    await screen.findByTestId("import-signup-options");
    expect(commands.importPreview).toHaveBeenCalledWith("/tmp/form.json", null, "signups");
    await screen.findByRole("option", { name: "product updates" });
    // Only static segments can take members.
    expect(screen.queryByRole("option", { name: "Live one" })).toBeNull();
    fireEvent.change(screen.getByLabelText("Consent purpose"), { target: { value: "product updates" } });
    fireEvent.change(screen.getByLabelText("Add to static segment"), { target: { value: "7" } });
    fireEvent.change(screen.getByLabelText("Add to campaign"), { target: { value: "3" } });
    await screen.findByRole("option", { name: "Welcome series" });
    fireEvent.change(screen.getByLabelText("Start welcome cadence"), { target: { value: "2" } });
    fireEvent.click(screen.getByTestId("import-start"));
    await screen.findByTestId("import-signup-result");
    const [, options] = commands.importRun.mock.calls[0];
    expect(options.entity).toBe("signups");
    expect(options.signups).toEqual({ purpose: "product updates", source: null, segment: "7", campaign: "3", cadence: "2" });
    expect(screen.getByText("Signups: 2 new people, 1 merged into existing people, 2 consents recorded, 1 consent claims refused")).toBeTruthy();
    expect(screen.getByText("1 row imported without consent")).toBeTruthy();
    expect(screen.getByTestId("import-consent-refused").textContent).toBe("Row 4: consent is claimed, but the time it was given is missing");
  });

  it("undoes an earlier import from the history", async () => {
    setup();
    fireEvent.click(await screen.findByText("Undo import"));
    await waitFor(() => expect(commands.importUndo).toHaveBeenCalledWith(4));
  });
});
