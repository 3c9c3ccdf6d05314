import { beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../i18n";
import { err, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({
  peopleGet: vi.fn(),
  peopleCreate: vi.fn(),
  tasksSetDone: vi.fn(),
  appInfo: vi.fn(),
}));
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { act, renderHook, waitFor } from "@testing-library/react";
import { events, type DataChanged } from "../bindings";
import { useQuery } from "../hooks/useQuery";
import { api, ApiError, toApiError } from "./client";
import { errorMessage, fieldLabel, inlineMessage, inputNameFor, labelKeyFor } from "./errors";
import { listenToCore } from "./invalidation";

beforeEach(() => {
  vi.clearAllMocks();
  void i18n.changeLanguage("en");
});

describe("api", () => {
  it("unwraps ok results", async () => {
    commands.peopleGet.mockResolvedValue(ok({ id: 3 }));
    await expect(api.peopleGet(3)).resolves.toEqual({ id: 3 });
    expect(commands.peopleGet).toHaveBeenCalledWith(3);
  });

  it("throws a typed ApiError with code and field", async () => {
    commands.peopleCreate.mockResolvedValue(err("invalid_email", "bad", "emails.0.value"));
    const e = await api.peopleCreate({} as never).catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: "invalid_email", field: "emails.0.value", message: "bad" });
  });

  it("turns a string rejection (unknown command) into an internal error", async () => {
    commands.appInfo.mockRejectedValue("command app_info not found");
    const e = await api.appInfo().catch((x) => x);
    expect(e).toMatchObject({ code: "internal", message: "command app_info not found" });
    expect(toApiError(new Error("boom")).code).toBe("internal");
  });

  it("refreshes a view once per write: from the core's DataChanged, not from a guess of its own", async () => {
    let emit: (e: { payload: DataChanged }) => void = () => undefined;
    vi.mocked(events.dataChanged.listen).mockImplementation(async (h) => {
      emit = h as typeof emit;
      return () => undefined;
    });
    await listenToCore();
    const fetcher = vi.fn(async () => 1);
    const { unmount } = renderHook(() => useQuery(fetcher, "tasks", ["task"]));
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(1));
    commands.tasksSetDone.mockImplementation(async () => {
      // The core announces the write before it answers, as the store's listener runs at commit.
      emit({ payload: { topics: ["task"] } });
      return ok({ id: 1 });
    });
    await act(() => api.tasksSetDone(1, true));
    await waitFor(() => expect(fetcher).toHaveBeenCalledTimes(2));
    await new Promise((r) => setTimeout(r, 20));
    expect(fetcher).toHaveBeenCalledTimes(2);
    // A write that changed kinds this view does not show, and a failed write, refresh nothing.
    act(() => emit({ payload: { topics: ["person", "company"] } }));
    commands.peopleCreate.mockResolvedValue(err("required", "x", "first_name"));
    await api.peopleCreate({} as never).catch(() => undefined);
    expect(fetcher).toHaveBeenCalledTimes(2);
    unmount();
  });
});

describe("error mapping", () => {
  it("places core field errors at the form's inputs", () => {
    expect(inputNameFor("emails.0.value")).toBe("email");
    expect(inputNameFor("phones.0.value")).toBe("phone");
    expect(inputNameFor("emails.2.value")).toBe("emails.2.value");
    expect(inputNameFor("custom.contract_end")).toBe("custom.contract_end");
  });

  it("finds the label of nested and id fields", () => {
    expect(labelKeyFor("emails.2.value")).toBe("fields.email");
    expect(labelKeyFor("emails.0.label")).toBe("fields.label");
    expect(labelKeyFor("address.city")).toBe("fields.city");
    expect(labelKeyFor("socials.1.url")).toBe("fields.social_url");
    expect(labelKeyFor("value_minor")).toBe("fields.value");
    expect(labelKeyFor("tags.3")).toBe("fields.tags");
    expect(labelKeyFor("custom.x")).toBeNull();
  });

  it("words messages in the active language with the field's label", async () => {
    const t = i18n.t.bind(i18n);
    expect(errorMessage(t, { code: "required", field: "first_name" })).toBe("First name is required.");
    expect(errorMessage(t, { code: "not_found" })).toMatch(/no longer exists/);
    expect(fieldLabel(t, "custom.contract_end", (k) => (k === "contract_end" ? "Contract end" : undefined))).toBe("Contract end");
    await i18n.changeLanguage("de");
    expect(errorMessage(i18n.t.bind(i18n), { code: "invalid_email", field: "emails.1.value" })).toBe("E-Mail ist keine gültige E-Mail-Adresse.");
    expect(inlineMessage(i18n.t.bind(i18n), "required")).toBe("Dieses Feld ist erforderlich.");
  });

  it("has a message for every error code in every language", async () => {
    const codes = ["required", "too_long", "invalid_email", "invalid_phone", "invalid_url", "invalid_date", "invalid_currency", "out_of_range", "invalid_value", "duplicate", "not_found", "conflict", "schema_too_new", "database", "io", "internal"] as const;
    for (const lang of ["en", "nl", "de", "da"]) {
      await i18n.changeLanguage(lang);
      for (const code of codes) {
        for (const group of ["inline", "field", "general"]) {
          expect(i18n.exists(`errors.${group}.${code}`), `${lang} errors.${group}.${code}`).toBe(true);
        }
      }
    }
  });
});
