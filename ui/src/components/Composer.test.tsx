import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { createRef } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({ activitiesCreate: vi.fn() }));
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import { Composer, splitEntry } from "./Composer";
import { entryTitle } from "./Timeline";
import { ToastProvider } from "./Toast";

describe("splitEntry", () => {
  it("keeps a note whole and titles other kinds with their first line", () => {
    expect(splitEntry("note", " Line one\nLine two ", "Call")).toEqual({ subject: "", body: "Line one\nLine two" });
    expect(splitEntry("call", "Talked pricing\nWants a quote", "Call")).toEqual({ subject: "Talked pricing", body: "Wants a quote" });
    expect(splitEntry("call", "Voicemail", "Call")).toEqual({ subject: "Voicemail", body: null });
    const long = "x".repeat(130);
    expect(splitEntry("call", long, "Call")).toEqual({ subject: "Call", body: long });
  });

  it("titles timeline entries by subject, else by the body's first line", () => {
    expect(entryTitle({ subject: "Intro", body: "More" })).toEqual({ title: "Intro", rest: "More" });
    expect(entryTitle({ subject: "", body: "First\nSecond" })).toEqual({ title: "First", rest: "Second" });
  });
});

describe("Composer", () => {
  beforeEach(() => commands.activitiesCreate.mockReset());

  it("logs the typed call on the record and clears itself", async () => {
    commands.activitiesCreate.mockResolvedValue(ok({ id: 1 }));
    render(
      <ToastProvider>
        <Composer kind="call" onKindChange={() => undefined} links={{ person_id: 4, company_id: null, deal_id: null }} textareaRef={createRef()} />
      </ToastProvider>,
    );
    const body = screen.getByTestId("log-body") as HTMLTextAreaElement;
    expect((screen.getByTestId("log-submit") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(body, { target: { value: "Asked about delivery" } });
    fireEvent.click(screen.getByTestId("log-submit"));
    await waitFor(() => expect(body.value).toBe(""));
    expect(commands.activitiesCreate).toHaveBeenCalledWith(expect.objectContaining({ kind: "call", subject: "Asked about delivery", body: null, person_id: 4 }));
    expect((await screen.findByTestId("toast")).textContent).toMatch(/Call logged/);
  });
});
