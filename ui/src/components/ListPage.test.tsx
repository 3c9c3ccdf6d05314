import { fireEvent, render, screen } from "@testing-library/react";
import { expect, it, vi } from "vitest";
import { ListPage } from "./ListPage";

const page = (extra: { newIcon?: "edit"; newKey?: string }, onNew = vi.fn()) => {
  render(
    <ListPage testId="p" title="T" countText="" newLabel="Edit segment" newTestId="primary" onNew={onNew} search="" onSearch={vi.fn()} searchPlaceholder="Search" {...extra}>
      <div />
    </ListPage>,
  );
  return onNew;
};

it("the primary button creates by default: plus icon and the c shortcut", () => {
  const onNew = page({});
  expect(screen.getByTestId("primary").title).toBe("Edit segment (C)");
  fireEvent.keyDown(window, { key: "c" });
  expect(onNew).toHaveBeenCalledTimes(1);
});

it("a page whose primary action edits shows a pencil and answers to e, not c", () => {
  const onNew = page({ newIcon: "edit", newKey: "e" });
  const button = screen.getByTestId("primary");
  expect(button.title).toBe("Edit segment (E)");
  // The pencil's path, not the plus's.
  expect(button.querySelector("path")?.getAttribute("d")).toContain("M4 20h4L19 9");
  fireEvent.keyDown(window, { key: "c" });
  expect(onNew).not.toHaveBeenCalled();
  fireEvent.keyDown(window, { key: "e" });
  expect(onNew).toHaveBeenCalledTimes(1);
});
