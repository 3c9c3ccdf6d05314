import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands }));

import { DEFAULT_SETTINGS } from "../api/types";
import { AppStateProvider } from "../app/AppState";
import { ToastProvider } from "../components/Toast";
import i18n from "../i18n";
import { BackupsSettings } from "./BackupsSettings";

let loaded: (v: unknown) => void = () => {};
beforeEach(async () => {
  await i18n.changeLanguage("en");
  Object.assign(commands, makeCommands(), {
    backupSettingsGet: vi.fn(() => new Promise((resolve) => (loaded = resolve))),
    backupSettingsSet: vi.fn(async () => ok(null)),
    backupList: vi.fn(async () => ok([])),
    backupNow: vi.fn(async () => ok({ id: "20261207T120000000Z", path: "/tmp/b.db", made_at: 0, size: 1, counts: null })),
  });
});

describe("BackupsSettings", () => {
  it("shows Back up now only with the settings above it, so the form cannot move it under a click", async () => {
    render(
      <ToastProvider>
        <AppStateProvider initialSettings={DEFAULT_SETTINGS} info={null}>
          <BackupsSettings />
        </AppStateProvider>
      </ToastProvider>,
    );
    await waitFor(() => expect(commands.backupSettingsGet).toHaveBeenCalled());
    expect(screen.queryByTestId("backup-now")).toBeNull();
    loaded(ok({ auto: true, keep: 7 }));
    fireEvent.click(await screen.findByTestId("backup-now"));
    expect(document.querySelector('[name="backup_auto"]')).not.toBeNull();
    await waitFor(() => expect(commands.backupNow).toHaveBeenCalledTimes(1));
    expect(commands.backupSettingsSet).not.toHaveBeenCalled();
  });
});
