import { render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { err, ok } from "../test/mockBindings";

const commands = vi.hoisted(() => ({ repeatPreview: vi.fn() }));
vi.mock("../bindings", async (real) => ({ ...(await real<object>()), commands, events: { dataChanged: { listen: vi.fn() } } }));

import i18n from "../i18n";
import { RecurrencePicker } from "./RecurrencePicker";
import { emptyRepeat, type RepeatForm } from "./repeat";

const due = new Date(2026, 0, 5, 9, 0).getTime(); // a Monday, 09:00
const day = 86_400_000;

function show(value: RepeatForm) {
  render(<RecurrencePicker value={value} due={due} timeZone="Europe/Amsterdam" errors={{}} onChange={vi.fn()} />);
}

beforeEach(() => {
  vi.clearAllMocks();
  void i18n.changeLanguage("en");
});

describe("RecurrencePicker", () => {
  it("previews the next dates the core computes for the rule", async () => {
    commands.repeatPreview.mockResolvedValue(ok({ rule: "FREQ=WEEKLY;BYDAY=MO,TH", next: [due, due + 3 * day, due + 7 * day] }));
    show({ ...emptyRepeat(due), mode: "weekly", days: ["MO", "TH"] });
    const next = await screen.findByTestId("repeat-next");
    expect(commands.repeatPreview).toHaveBeenCalledWith("FREQ=WEEKLY;BYDAY=MO,TH", due, "Europe/Amsterdam", 3);
    expect(next.textContent).toMatch(/^Next: /);
    expect(next.textContent).toContain("Jan 8");
  });

  it("shows the core's reason when it refuses a kept rule", async () => {
    commands.repeatPreview.mockResolvedValue(err("invalid_value", "FREQ must be DAILY, WEEKLY or MONTHLY", "repeat"));
    show({ ...emptyRepeat(due), raw: "FREQ=YEARLY" });
    expect((await screen.findByTestId("repeat-invalid")).textContent).toBe("This value is not valid.");
    expect(commands.repeatPreview).toHaveBeenCalledWith("FREQ=YEARLY", due, "Europe/Amsterdam", 3);
  });

  it("asks the core nothing when the task does not repeat", async () => {
    show(emptyRepeat(due));
    await waitFor(() => expect(screen.queryByTestId("repeat-next")).toBeNull());
    expect(commands.repeatPreview).not.toHaveBeenCalled();
  });
});
