import { useTranslation } from "react-i18next";
import type { Task } from "../bindings";
import { useMenu } from "../hooks/useMenu";
import { useSnooze } from "../hooks/useSnooze";
import { SNOOZE_OPTIONS } from "../lib/reminders";
import { Kbd } from "./EmptyState";
import { Icon } from "./Icon";
import { taskTitle } from "../lib/systemEvent";

type Props = { task: Pick<Task, "id" | "title">; open: boolean; onOpenChange: (open: boolean) => void; onSnoozed?: () => void };

/** The snooze button and its menu: 10 minutes, 1 hour, tomorrow 9:00. Arrows move, 1/2/3 or Enter pick, Esc
 * closes and focus returns to the button. Controlled, so a row can open it with `s`. */
export function SnoozeMenu({ task, open, onOpenChange, onSnoozed }: Props) {
  const { t } = useTranslation();
  const snooze = useSnooze(task);
  const menu = useMenu({
    open,
    setOpen: onOpenChange,
    count: SNOOZE_OPTIONS.length,
    pick: (i) => void snooze(SNOOZE_OPTIONS[i]).then(() => onSnoozed?.()),
  });

  return (
    <div className="snooze-menu" onClick={(e) => e.stopPropagation()}>
      <button
        ref={menu.buttonRef}
        type="button"
        className="icon-button"
        data-testid="snooze-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t("snooze.label", { title: taskTitle(t, task) })}
        title={`${t("snooze.title")} (S)`}
        onClick={() => onOpenChange(!open)}
        onKeyDown={(e) => e.key.toLowerCase() === "s" && e.stopPropagation()}
      >
        <Icon name="clock" />
      </button>
      {open && (
        <ul ref={menu.listRef} className="menu" role="menu" aria-label={t("snooze.title")} onKeyDown={menu.onKeyDown} onBlur={menu.onBlur}>
          {SNOOZE_OPTIONS.map((o, i) => (
            <li key={o} {...menu.itemProps(i)} data-testid="snooze-option" title={`${t(`snooze.option.${o}`)} (${i + 1})`}>
              <span className="menu-label">{t(`snooze.option.${o}`)}</span>
              <Kbd>{String(i + 1)}</Kbd>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
