import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import type { TeamStatus } from "../bindings";
import { ToastProvider } from "../components/Toast";
import i18n from "../i18n";
import { TeamSettings } from "./TeamSettings";

const alone: TeamStatus = {
  joined: false, url: null, user: null, role: null, pending: 0, last_push: null, last_pull: null, conflicts: 0, last_error: null, last_error_code: null,
};
const admin: TeamStatus = {
  ...alone, joined: true, url: "postgres://db.relata.test/crm", user: "sam", role: "admin", pending: 3, last_push: 1_700_000_000_000,
  last_pull: 1_700_000_000_000, conflicts: 1, last_error: "could not reach db.relata.test:5432", last_error_code: "network",
};

beforeEach(async () => {
  await i18n.changeLanguage("en");
  Object.assign(commands, makeCommands(), {
    teamStatus: vi.fn(async () => ok(alone)),
    teamJoin: vi.fn(async () => ok(admin)),
    teamInvite: vi.fn(async (user: string, role: string) => ok({ user, role, join: `relata team join --url postgres://db.relata.test/crm --user ${user}` })),
    teamSyncNow: vi.fn(async () => ok(null)),
    teamConflicts: vi.fn(async () =>
      ok([{ id: 7, table: "people", field: "last_name", record: "Ann Lee", lost_value: "Lee-A", won_value: "Lee-B", pushed_by: "bo" }]),
    ),
    teamRestoreConflict: vi.fn(async () => ok(null)),
    teamLeave: vi.fn(async () => ok(alone)),
  });
});

const field = (name: string) => document.querySelector<HTMLInputElement & HTMLSelectElement>(`[name="${name}"]`)!;
const type = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });
const renderCard = () => render(<ToastProvider><TeamSettings /></ToastProvider>);

describe("TeamSettings", () => {
  it("joins a workspace with a join string and a password, and asks for both", async () => {
    renderCard();
    fireEvent.click(await screen.findByTestId("team-join"));
    fireEvent.click(screen.getByTestId("form-save"));
    expect((await screen.findByTestId("error-join")).textContent).not.toBe("");
    expect(commands.teamJoin).not.toHaveBeenCalled();
    type("join", " relata team join --url postgres://db.relata.test/crm --user sam ");
    type("password", "s3cret");
    fireEvent.click(screen.getByTestId("form-save"));
    await waitFor(() => expect(commands.teamJoin).toHaveBeenCalledWith("relata team join --url postgres://db.relata.test/crm --user sam", "s3cret"));
  });

  it("shows the status with the last error in the user's language, and syncs on request", async () => {
    commands.teamStatus.mockImplementation(async () => ok(admin));
    await i18n.changeLanguage("de");
    renderCard();
    const state = await screen.findByTestId("team-state");
    expect(state.textContent).toContain(i18n.t("errors.general.network"));
    expect(state.textContent).not.toContain("could not reach");
    expect(screen.getByTestId("team-pending").textContent).toBe("3 Änderungen");
    fireEvent.click(screen.getByTestId("team-sync-now"));
    await waitFor(() => expect(commands.teamSyncNow).toHaveBeenCalled());
  });

  it("invites a user and shows the join string, never the password", async () => {
    commands.teamStatus.mockImplementation(async () => ok(admin));
    renderCard();
    fireEvent.click(await screen.findByTestId("team-invite"));
    type("user", "anna");
    fireEvent.change(field("role"), { target: { value: "support" } });
    type("password", "first-pw-123");
    fireEvent.click(screen.getByTestId("form-save"));
    const join = await screen.findByTestId("team-join-string");
    expect(commands.teamInvite).toHaveBeenCalledWith("anna", "support", "first-pw-123");
    expect(join.textContent).toContain("--user anna");
    expect(document.body.textContent).not.toContain("first-pw-123");
  });

  it("lists conflicts and restores a lost value; leaving asks first", async () => {
    commands.teamStatus.mockImplementation(async () => ok(admin));
    renderCard();
    fireEvent.click(await screen.findByTestId("team-conflicts-show"));
    const row = await screen.findByTestId("team-conflict-row");
    expect(row.textContent).toContain("Ann Lee");
    expect(row.textContent).toContain("Lee-A");
    fireEvent.click(screen.getByTestId("team-conflict-restore"));
    await waitFor(() => expect(commands.teamRestoreConflict).toHaveBeenCalledWith(7));
    fireEvent.click(screen.getByTestId("team-leave"));
    expect(commands.teamLeave).not.toHaveBeenCalled();
    fireEvent.click(await screen.findByTestId("team-leave-confirm"));
    await waitFor(() => expect(commands.teamLeave).toHaveBeenCalled());
  });
});
