import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { err, makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { DEFAULT_SETTINGS } from "../api/types";
import { AppStateProvider } from "../app/AppState";
import { ToastProvider } from "../components/Toast";
import { PersonForm } from "./PersonForm";

function setup() {
  const onSaved = vi.fn();
  const onClose = vi.fn();
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={{ ...DEFAULT_SETTINGS, user_name: "Sam" }} info={null}>
        <PersonForm onClose={onClose} onSaved={onSaved} />
      </AppStateProvider>
    </ToastProvider>,
  );
  const input = (name: string) => document.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  const type = (name: string, value: string) => fireEvent.change(input(name), { target: { value } });
  return { onSaved, onClose, input, type };
}

beforeEach(() => {
  Object.assign(commands, makeCommands());
});

describe("PersonForm", () => {
  it("has the named inputs the end-to-end tests use", () => {
    const { input } = setup();
    for (const name of ["first_name", "last_name", "email", "phone", "company_name", "job_title"]) expect(input(name), name).toBeTruthy();
    expect(screen.getByTestId("form-save")).toBeTruthy();
  });

  it("shows client errors at the field without calling the core", async () => {
    const { type } = setup();
    type("email", "nope");
    fireEvent.click(screen.getByTestId("form-save"));
    expect((await screen.findByTestId("error-first_name")).textContent).toMatch(/required/);
    expect(screen.getByTestId("error-email").textContent).toMatch(/not a valid email/);
    expect(commands.peopleCreate).not.toHaveBeenCalled();
    expect(document.activeElement?.getAttribute("name")).toBe("first_name");
  });

  it("shows a core field error next to its input", async () => {
    const { type, onSaved } = setup();
    commands.peopleCreate.mockResolvedValue(err("duplicate", "taken", "emails.0.value"));
    type("first_name", "Anna");
    type("email", "anna@example.nl");
    fireEvent.click(screen.getByTestId("form-save"));
    expect((await screen.findByTestId("error-email")).textContent).toBe("This is already in use.");
    expect(onSaved).not.toHaveBeenCalled();
  });

  it("sends a clean input and reports the saved person", async () => {
    const { type, onSaved } = setup();
    commands.peopleCreate.mockImplementation(async (input: { first_name: string }) => ok({ id: 9, ...input }));
    type("first_name", " Anna ");
    type("last_name", "de Vries");
    type("email", "Anna@Example.nl");
    type("company_name", "Acme");
    fireEvent.click(screen.getByTestId("form-save"));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const input = commands.peopleCreate.mock.calls[0][0];
    expect(input).toMatchObject({ first_name: "Anna", last_name: "de Vries", emails: [{ label: "work", value: "Anna@Example.nl" }], phones: [], company_name: "Acme", owner: "Sam", lifecycle: "lead" });
    expect(onSaved.mock.calls[0][1]).toBe(true);
  });

  it("toasts an error that names no field", async () => {
    const { type } = setup();
    commands.peopleCreate.mockResolvedValue(err("database", "disk full"));
    type("first_name", "Anna");
    fireEvent.click(screen.getByTestId("form-save"));
    expect((await screen.findByTestId("toast")).textContent).toMatch(/database reported an error/);
  });
});
