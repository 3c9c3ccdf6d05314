import { useEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from "react";

type Options = {
  open: boolean;
  setOpen: (open: boolean) => void;
  count: number;
  pick: (index: number) => void;
  /** The item that has focus when the menu opens (the current choice, say); the first by default. */
  startAt?: () => number;
};

/**
 * The keyboard behaviour every menu button shares, per the WAI-ARIA menu pattern: the active item holds the
 * focus, arrows move it (wrapping), Enter, Space or the item's number pick it, Esc or Tab close the menu and
 * give the focus back to its button, and focus leaving the menu closes it.
 */
export function useMenu({ open, setOpen, count, pick, startAt }: Options) {
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) setActive(startAt?.() ?? 0);
    // Only the opening decides where the focus starts; later changes of startAt must not move it.
  }, [open]);
  useEffect(() => {
    if (open) listRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]")[active]?.focus();
  }, [open, active]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const choose = (index: number) => {
    close();
    pick(index);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    e.stopPropagation();
    const digit = Number(e.key);
    if (e.key === "ArrowDown") setActive((a) => (a + 1) % count);
    else if (e.key === "ArrowUp") setActive((a) => (a + count - 1) % count);
    else if (e.key === "Escape" || e.key === "Tab") close();
    else if (e.key === "Enter" || e.key === " ") choose(active);
    else if (digit >= 1 && digit <= Math.min(count, 9)) choose(digit - 1);
    else return;
    e.preventDefault();
  };
  const onBlur = (e: FocusEvent<HTMLElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node)) setOpen(false);
  };
  const itemProps = (index: number) => ({ role: "menuitem", tabIndex: index === active ? 0 : -1, onClick: () => choose(index) });

  return { listRef, buttonRef, onKeyDown, onBlur, itemProps };
}
