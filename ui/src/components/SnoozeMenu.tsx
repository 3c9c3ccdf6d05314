import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Task } from "../bindings";
import { useSnooze } from "../hooks/useSnooze";
import { SNOOZE_OPTIONS } from "../lib/reminders";
import { Kbd } from "./EmptyState";
import { Icon } from "./Icon";

type Props = { task: Pick<Task, "id" | "title">; open: boolean; onOpenChange: (open: boolean) => void; onSnoozed?: () => void };

/** The snooze button and its menu: 10 minutes, 1 hour, tomorrow 9:00. Arrows move, 1/2/3 or Enter pick, Esc
 * closes and focus returns to the button. Controlled, so a row can open it with `s`. */
export function SnoozeMenu({ task, open, onOpenChange, onSnoozed }: Props) {
  const { t } = useTranslation();
  const snooze = useSnooze(task);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const n = SNOOZE_OPTIONS.length;

  useEffect(() => {
    if (open) listRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]")[active]?.focus();
  }, [open, active]);
  useEffect(() => {
    if (open) setActive(0);
  }, [open]);

  const close = () => {
    onOpenChange(false);
    buttonRef.current?.focus();
  };
  const pick = (i: number) => {
    close();
    void snooze(SNOOZE_OPTIONS[i]).then(() => onSnoozed?.());
  };

  return (
    <div className="snooze-menu" onClick={(e) => e.stopPropagation()}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        data-testid="snooze-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t("snooze.label", { title: task.title })}
        title={`${t("snooze.title")} (S)`}
        onClick={() => onOpenChange(!open)}
        onKeyDown={(e) => e.key.toLowerCase() === "s" && e.stopPropagation()}
      >
        <Icon name="clock" />
      </button>
      {open && (
        <ul
          ref={listRef}
          className="menu"
          role="menu"
          aria-label={t("snooze.title")}
          onKeyDown={(e) => {
            e.stopPropagation();
            const digit = Number(e.key);
            if (e.key === "ArrowDown") setActive((a) => (a + 1) % n);
            else if (e.key === "ArrowUp") setActive((a) => (a + n - 1) % n);
            else if (e.key === "Escape" || e.key === "Tab") close();
            else if (e.key === "Enter" || e.key === " ") pick(active);
            else if (digit >= 1 && digit <= n) pick(digit - 1);
            else return;
            e.preventDefault();
          }}
          onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node) && onOpenChange(false)}
        >
          {SNOOZE_OPTIONS.map((o, i) => (
            <li key={o} role="menuitem" tabIndex={i === active ? 0 : -1} data-testid="snooze-option" title={`${t(`snooze.option.${o}`)} (${i + 1})`} onClick={() => pick(i)}>
              <span className="menu-label">{t(`snooze.option.${o}`)}</span>
              <Kbd>{String(i + 1)}</Kbd>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
