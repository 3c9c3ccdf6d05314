import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { DEFAULT_SETTINGS } from "../api/types";
import { AppStateProvider } from "../app/AppState";
import { FormsProvider } from "../app/Forms";
import { CommandPalette } from "./CommandPalette";
import { ToastProvider } from "./Toast";

function setup() {
  const onClose = vi.fn();
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={DEFAULT_SETTINGS} info={null}>
        <FormsProvider>
          <CommandPalette onClose={onClose} />
        </FormsProvider>
      </AppStateProvider>
    </ToastProvider>,
  );
  return { onClose, input: screen.getByTestId("palette-input") };
}

const selected = () => screen.getAllByRole("option").find((o) => o.getAttribute("aria-selected") === "true")?.textContent;

beforeEach(() => {
  Object.assign(commands, makeCommands());
  window.location.hash = "";
});

describe("CommandPalette", () => {
  it("focuses its input and filters actions as you type", () => {
    const { input } = setup();
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: "settings" } });
    expect(screen.getAllByTestId("palette-item").map((i) => i.textContent)).toEqual(["Go to Settings"]);
  });

  it("moves with the arrows and runs the selected item with Enter", () => {
    const { input, onClose } = setup();
    fireEvent.change(input, { target: { value: "go to" } });
    expect(selected()).toBe("Go to Today");
    fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(selected()).toBe("Go to People");
    fireEvent.keyDown(input, { key: "ArrowUp" });
    fireEvent.keyDown(input, { key: "ArrowUp" });
    expect(selected()).toBe("Go to Settings");
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onClose).toHaveBeenCalled();
    expect(window.location.hash).toBe("#/settings");
  });

  it("lists matching records first and opens them", async () => {
    commands.searchGlobal.mockResolvedValue(ok([{ entity: "person", id: 12, title: "Anna de Vries", subtitle: "Acme" }]));
    const { input } = setup();
    fireEvent.change(input, { target: { value: "anna" } });
    await waitFor(() => expect(selected()).toMatch(/Anna de Vries/));
    expect(commands.searchGlobal).toHaveBeenCalledWith("anna", 8);
    fireEvent.keyDown(input, { key: "Enter" });
    expect(window.location.hash).toBe("#/people/12");
  });

  it("offers to email a person found, which opens the compose dialog", async () => {
    commands.searchGlobal.mockResolvedValue(ok([{ entity: "person", id: 12, title: "Anna de Vries", subtitle: "Acme" }]));
    const heard = vi.fn();
    window.addEventListener("relata:compose", (e) => heard((e as CustomEvent).detail));
    const { input, onClose } = setup();
    fireEvent.change(input, { target: { value: "anna" } });
    await waitFor(() => expect(screen.getByRole("option", { name: /Email Anna de Vries/ })).toBeTruthy());
    fireEvent.click(screen.getByRole("option", { name: /Email Anna de Vries/ }));
    expect(onClose).toHaveBeenCalled();
    expect(heard).toHaveBeenCalledWith({ personId: 12 });
  });

  it("closes on Escape", () => {
    const { input, onClose } = setup();
    fireEvent.keyDown(input, { key: "Escape" });
    expect(onClose).toHaveBeenCalled();
  });

  it("opens a create form from an action", async () => {
    const { input } = setup();
    fireEvent.change(input, { target: { value: "new person" } });
    fireEvent.keyDown(input, { key: "Enter" });
    expect(await screen.findByRole("dialog", { name: "New person" })).toBeTruthy();
  });
});
