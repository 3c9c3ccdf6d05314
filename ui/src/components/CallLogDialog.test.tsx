import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { err, makeCommands, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({}) as ReturnType<typeof makeCommands> & Record<string, ReturnType<typeof vi.fn>>);
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import type { Activity } from "../bindings";
import i18n from "../i18n";
import { CallFacts } from "./CallFacts";
import { CallLogDialog } from "./CallLogDialog";
import { PhoneLink } from "./PhoneLink";
import { ToastProvider } from "./Toast";

const START = Date.parse("2026-03-02T09:00:00Z");
const target = { personId: 7, companyId: null, name: "Anna de Vries" };

function field(name: string) {
  return document.querySelector(`[name="${name}"]`) as HTMLInputElement;
}

beforeEach(() => {
  Object.assign(commands, makeCommands(), {
    callsLog: vi.fn(async () => ok({ id: 1 })),
    callsDial: vi.fn(async () => ok(null)),
  });
});

afterEach(async () => {
  vi.useRealTimers();
  await i18n.changeLanguage("en");
});

describe("CallLogDialog", () => {
  it("runs the timer from dialling, fills the talk time on stop and logs the call", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(START);
    const onClose = vi.fn();
    render(
      <ToastProvider>
        <CallLogDialog target={target} number="+31201234567" dialled onClose={onClose} />
      </ToastProvider>,
    );
    expect(screen.getByTestId("call-timer").textContent).toBe("0:00");
    act(() => {
      vi.advanceTimersByTime(65_000);
    });
    expect(screen.getByTestId("call-timer").textContent).toBe("1:05");
    fireEvent.click(screen.getByTestId("call-stop"));
    expect(field("talk_secs").value).toBe("65");
    // Stopped: the reading stays where it stopped.
    act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(screen.getByTestId("call-timer").textContent).toBe("1:05");
    vi.useRealTimers();

    expect(field("wait_secs").disabled).toBe(true);
    fireEvent.change(field("direction"), { target: { value: "inbound" } });
    fireEvent.change(field("wait_secs"), { target: { value: "12" } });
    fireEvent.change(field("outcome"), { target: { value: "voicemail" } });
    fireEvent.change(field("note"), { target: { value: "Left a message" } });
    fireEvent.click(screen.getByTestId("save-call"));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(commands.callsLog).toHaveBeenCalledWith({
      person_id: 7,
      company_id: null,
      direction: "inbound",
      outcome: "voicemail",
      talk_secs: 65,
      wait_secs: 12,
      agent: null,
      number: "+31201234567",
      at: START,
      note: "Left a message",
    });
    expect((await screen.findByTestId("toast")).textContent).toContain("Call with Anna de Vries logged");
  });

  it("logs a call without dialling, starts the timer on demand and shows the core's error at the field", async () => {
    commands.callsLog = vi.fn(async () => err("out_of_range", "talk_secs must be between 0 and 2147483647", "talk_secs"));
    const onClose = vi.fn();
    render(
      <ToastProvider>
        <CallLogDialog target={target} onClose={onClose} />
      </ToastProvider>,
    );
    expect(screen.getByTestId("call-timer").textContent).toBe("0:00");
    expect(screen.queryByTestId("call-stop")).toBeNull();
    fireEvent.change(field("talk_secs"), { target: { value: "-3" } });
    fireEvent.click(screen.getByTestId("save-call"));
    expect(await screen.findByTestId("error-talk_secs")).toBeTruthy();
    expect(commands.callsLog).toHaveBeenCalledWith(expect.objectContaining({ direction: "outbound", outcome: "answered", talk_secs: -3, wait_secs: null, at: null, number: null }));
    expect(onClose).not.toHaveBeenCalled();

    vi.useFakeTimers();
    vi.setSystemTime(START);
    fireEvent.click(screen.getByTestId("call-start"));
    act(() => {
      vi.advanceTimersByTime(3_000);
    });
    expect(screen.getByTestId("call-timer").textContent).toBe("0:03");
  });

  it("dials through the core and opens the dialog from a phone link", async () => {
    render(
      <ToastProvider>
        <PhoneLink number="+31201234567" target={target} />
      </ToastProvider>,
    );
    const link = screen.getByTestId("phone-link");
    expect(link.getAttribute("href")).toBe("tel:+31201234567");
    fireEvent.click(link);
    await waitFor(() => expect(commands.callsDial).toHaveBeenCalledWith("+31201234567"));
    expect(await screen.findByTestId("call-log-dialog")).toBeTruthy();
    expect(screen.getByTestId("call-stop")).toBeTruthy();
  });
});

describe("CallFacts", () => {
  const call: Activity = {
    id: 1, kind: "call", direction: "inbound", subject: "", body: null, occurred_at: START, duration_secs: 312,
    person_id: 7, person_name: "Anna de Vries", company_id: null, company_name: null, deal_id: null, deal_title: null,
    created_at: START, updated_at: START, system_event: null, order: null,
    call: { outcome: "answered", wait_secs: 18, agent: "Mia", number: "020-1234567", number_e164: "+31201234567" },
  };

  it("shows a call's direction, outcome, talk and waiting time in the reader's language", async () => {
    await i18n.changeLanguage("de");
    const { unmount } = render(<CallFacts a={call} />);
    const facts = screen.getByTestId("call-facts");
    expect(facts.textContent).toContain("Angenommen");
    expect(screen.getByTestId("call-talk").textContent).toBe("5 Min. 12 Sek.");
    expect(facts.textContent).toContain("18 Sek. gewartet");
    expect(facts.querySelector('[aria-label="Eingehend"]')).toBeTruthy();
    unmount();
    await i18n.changeLanguage("da");
    render(<CallFacts a={{ ...call, direction: "outbound", duration_secs: 2_460, call: { ...call.call!, outcome: "voicemail", wait_secs: null } }} />);
    expect(screen.getByTestId("call-talk").textContent).toBe("41 min.");
    expect(screen.getByTestId("call-facts").textContent).toContain("Telefonsvarer");
    expect(screen.getByTestId("call-facts").textContent).not.toContain("ventede");
  });

  it("shows nothing for an activity without call facts", () => {
    const { container } = render(<CallFacts a={{ ...call, call: null }} />);
    expect(container.textContent).toBe("");
  });
});
