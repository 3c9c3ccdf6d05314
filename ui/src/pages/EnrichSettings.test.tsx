import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

type Handler = (e: { payload: unknown }) => void;
const handlers = vi.hoisted(() => new Map<string, Handler>());
const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => {
  const on = (name: string) => ({ listen: vi.fn(async (h: Handler) => (handlers.set(name, h), () => handlers.delete(name))) });
  return { ...(await real<object>()), commands, events: { enrichAllProgress: on("progress"), enrichAllFinished: on("finished") } };
});

import type { EnrichAllFinished } from "../bindings";
import { DEFAULT_SETTINGS } from "../api/types";
import { AppStateProvider } from "../app/AppState";
import { ToastProvider } from "../components/Toast";
import i18n from "../i18n";
import { EnrichSettings } from "./EnrichSettings";

const emit = (name: string, payload: unknown) => act(() => handlers.get(name)!({ payload }));
const finished = (over: Partial<EnrichAllFinished> = {}): EnrichAllFinished => ({
  report: { people: 3, with_proposals: 2, filled: 5 }, cancelled: false, error: null, ...over,
});

beforeEach(async () => {
  handlers.clear();
  await i18n.changeLanguage("en");
  Object.assign(commands, makeCommands(), {
    enrichAllStart: vi.fn(async () => ok(null)),
    enrichAllCancel: vi.fn(async () => ok(true)),
  });
});
afterEach(async () => {
  await i18n.changeLanguage("en");
});

const save = vi.fn();
const renderCard = (enrich_on_create = false) =>
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={{ ...DEFAULT_SETTINGS, enrich_on_create }} info={null}>
        <EnrichSettings save={save} />
      </AppStateProvider>
    </ToastProvider>,
  );

describe("EnrichSettings", () => {
  it("saves the on-create toggle through the settings", () => {
    renderCard(false);
    const toggle = document.querySelector<HTMLInputElement>('[name="enrich_on_create"]')!;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);
    expect(save).toHaveBeenCalledWith({ enrich_on_create: true });
  });

  it("starts enrich all, shows n of N with a cancel, and the report at the end", async () => {
    renderCard();
    await waitFor(() => expect(handlers.size).toBe(2));
    fireEvent.click(screen.getByTestId("enrich-all-start"));
    await waitFor(() => expect(commands.enrichAllStart).toHaveBeenCalled());
    expect((screen.getByTestId("enrich-all-start") as HTMLButtonElement).disabled).toBe(true);
    emit("progress", { done: 1200, total: 3400 });
    expect(screen.getByTestId("enrich-all-progress").textContent).toContain("1,200 of 3,400 people");
    fireEvent.click(screen.getByTestId("enrich-all-cancel"));
    expect(commands.enrichAllCancel).toHaveBeenCalled();
    emit("finished", finished());
    expect(screen.queryByTestId("enrich-all-progress")).toBeNull();
    expect(screen.getByTestId("enrich-all-result").textContent).toBe("Enrichment done: 2 people enriched, 5 fields filled.");
    expect((screen.getByTestId("enrich-all-start") as HTMLButtonElement).disabled).toBe(false);
  });

  it("says so in the user's language when a run was cancelled or one is already running", async () => {
    await i18n.changeLanguage("de");
    commands.enrichAllStart.mockImplementation(async () => ({ status: "error", error: { code: "conflict", message: "enrichment of all people is already running", field: null } }));
    renderCard();
    await waitFor(() => expect(handlers.size).toBe(2));
    fireEvent.click(screen.getByTestId("enrich-all-start"));
    expect(await screen.findByText("Die Anreicherung aller Personen läuft bereits.")).toBeTruthy();
    // The run that was already going shows its progress here, and its end.
    emit("progress", { done: 1, total: 2 });
    expect(screen.getByTestId("enrich-all-progress").textContent).toContain("1 von 2");
    emit("finished", finished({ cancelled: true, report: { people: 2, with_proposals: 1, filled: 1 } }));
    expect(screen.getByTestId("enrich-all-result").textContent).toBe("Anreicherung abgebrochen: bisher 1 Person angereichert, 1 Feld gefüllt.");
  });
});
