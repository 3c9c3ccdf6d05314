import { fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()),
  commands,
  events: { dataChanged: { listen: vi.fn(async () => () => undefined) }, reminderFired: { listen: vi.fn(async () => () => undefined) },
    enrichAllProgress: { listen: vi.fn(async () => () => undefined) }, enrichAllFinished: { listen: vi.fn(async () => () => undefined) } },
}));

import { DEFAULT_SETTINGS } from "../api/types";
import { AppStateProvider } from "../app/AppState";
import { ToastProvider } from "../components/Toast";
import i18n from "../i18n";
import { SettingsPage } from "./SettingsPage";

beforeEach(async () => {
  Object.assign(commands, makeCommands());
  await i18n.changeLanguage("en");
});
afterEach(async () => {
  await i18n.changeLanguage("en");
});

describe("SettingsPage", () => {
  it("confirms a language change in the language just chosen", async () => {
    render(
      <ToastProvider>
        <AppStateProvider initialSettings={{ ...DEFAULT_SETTINGS, language: "en" }} info={null}>
          <SettingsPage />
        </AppStateProvider>
      </ToastProvider>,
    );
    fireEvent.change(screen.getByTestId("language-select"), { target: { value: "da" } });
    expect(await screen.findByText("Gemt")).toBeTruthy();
    expect(screen.queryByText("Saved")).toBeNull();
    expect(commands.settingsSet).toHaveBeenCalledWith(expect.objectContaining({ language: "da" }));
  });
});
