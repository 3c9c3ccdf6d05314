import { act, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
type Progress = { step: "encrypt" | "verify" | "replace"; done: number; total: number };
// The startup progress listener, so a test can send it events.
const core = vi.hoisted(() => ({ listening: false, send: (_p: Progress) => {} }));
vi.mock("../bindings", () => ({
  commands,
  events: {
    startupProgress: {
      listen: vi.fn(async (cb: (e: { payload: Progress }) => void) => {
        core.send = (payload) => cb({ payload });
        core.listening = true;
        return () => {};
      }),
    },
  },
}));

import { StartupProgress } from "./StartupProgress";

const opening = { version: "0", data_dir: "/data", schema_version: 0, os_locale: "en-US", startup_error: null, opening: true };

beforeEach(() => {
  Object.assign(commands, makeCommands(), { appInfo: vi.fn(async () => ok(opening)) });
});

describe("StartupProgress", () => {
  it("shows the step and how far it is, then loads the app once the data is open", async () => {
    const reload = vi.fn();
    vi.stubGlobal("location", { ...window.location, reload });
    render(<StartupProgress dataDir="/data" />);
    expect(screen.getByTestId("startup-step").textContent).toBe("Writing the encrypted copy");
    expect(screen.getByTestId("startup-percent").textContent).toBe("0%");
    await waitFor(() => expect(core.listening).toBe(true));
    act(() => core.send({ step: "encrypt", done: 250, total: 1000 }));
    expect(screen.getByTestId("startup-percent").textContent).toBe("25%");
    act(() => core.send({ step: "verify", done: 0, total: 1 }));
    expect(screen.getByTestId("startup-step").textContent).toBe("Checking the encrypted copy");
    expect(reload).not.toHaveBeenCalled();
    commands.appInfo.mockImplementation(async () => ok({ ...opening, opening: false }));
    await waitFor(() => expect(reload).toHaveBeenCalled(), { timeout: 2000 });
    vi.unstubAllGlobals();
  });
});
