import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { DEFAULT_SETTINGS } from "../api/types";
import { COUNTRY_CODES, TEXT_LIMITS } from "../bindings";
import { AppStateProvider } from "../app/AppState";
import { ToastProvider } from "../components/Toast";
import { CompanyForm } from "./CompanyForm";

function setup() {
  const onSaved = vi.fn();
  render(
    <ToastProvider>
      <AppStateProvider initialSettings={{ ...DEFAULT_SETTINGS, user_name: "Sam" }} info={null}>
        <CompanyForm onClose={vi.fn()} onSaved={onSaved} />
      </AppStateProvider>
    </ToastProvider>,
  );
  const input = (name: string) => document.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  const type = (name: string, value: string) => fireEvent.change(input(name), { target: { value } });
  return { onSaved, input, type };
}

beforeEach(() => {
  Object.assign(commands, makeCommands(), { companiesCreate: vi.fn(async (input: unknown) => ok({ id: 7, ...(input as object) })) });
});

describe("CompanyForm", () => {
  it("names the address inputs like the core's errors and suggests countries by name", () => {
    const { input } = setup();
    for (const key of ["street", "postal_code", "city", "region", "country"]) expect(input(`address.${key}`), key).toBeTruthy();
    const country = input("address.country");
    expect(country.maxLength).toBe(-1);
    const options = document.getElementById(country.getAttribute("list") ?? "")?.querySelectorAll("option") ?? [];
    expect(options.length).toBe(COUNTRY_CODES.length);
    expect([...options].map((o) => o.value)).toContain("Netherlands");
  });

  it("shows an address error at its input, clears it on typing, and saves the address", async () => {
    const { type, onSaved } = setup();
    type("name", "Acme");
    type("address.country", "N".repeat(TEXT_LIMITS.short + 1));
    fireEvent.click(screen.getByTestId("form-save"));
    expect(await screen.findByTestId("error-address.country")).toBeTruthy();
    expect(commands.companiesCreate).not.toHaveBeenCalled();
    type("address.country", "Netherlands");
    expect(screen.queryByTestId("error-address.country")).toBeNull();
    type("address.city", " Utrecht ");
    fireEvent.click(screen.getByTestId("form-save"));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(commands.companiesCreate.mock.calls[0][0].address).toEqual({ street: null, postal_code: null, city: "Utrecht", region: null, country: "NL" });
  });
});
