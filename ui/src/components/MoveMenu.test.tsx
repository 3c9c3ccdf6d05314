import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Stage } from "../bindings";
import { MoveMenu } from "./MoveMenu";

const stages = [
  { id: 10, name: "Lead in" },
  { id: 11, name: "Proposal" },
  { id: 12, name: "Negotiation" },
] as Stage[];

function setup(current = 11) {
  const onMove = vi.fn();
  render(<MoveMenu stages={stages} current={current} onMove={onMove} dealTitle="Spring order" />);
  const button = screen.getByRole("button", { name: /Spring order/ });
  fireEvent.click(button);
  return { onMove, button, items: () => screen.getAllByRole("menuitem") };
}

describe("MoveMenu (the shared menu keyboard)", () => {
  it("opens on the current stage, moves with the arrows and picks with Enter", () => {
    const { onMove, items } = setup();
    expect(document.activeElement).toBe(items()[1]);
    fireEvent.keyDown(items()[1], { key: "ArrowDown" });
    expect(document.activeElement).toBe(items()[2]);
    fireEvent.keyDown(items()[2], { key: "ArrowDown" });
    expect(document.activeElement).toBe(items()[0]);
    fireEvent.keyDown(items()[0], { key: "Enter" });
    expect(onMove).toHaveBeenCalledWith(10);
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("picks by number, and picking the current stage moves nothing", () => {
    const { onMove, items } = setup();
    fireEvent.keyDown(items()[1], { key: "3" });
    expect(onMove).toHaveBeenCalledWith(12);
    fireEvent.click(screen.getByRole("button", { name: /Spring order/ }));
    fireEvent.click(items()[1]);
    expect(onMove).toHaveBeenCalledTimes(1);
  });

  it("closes on Escape and gives the focus back to its button", () => {
    const { onMove, button, items } = setup(10);
    expect(document.activeElement).toBe(items()[0]);
    fireEvent.keyDown(items()[0], { key: "Escape" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(onMove).not.toHaveBeenCalled();
  });
});
