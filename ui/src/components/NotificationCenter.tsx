import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { events, type Task } from "../bindings";
import { api } from "../api/client";
import { useOpenForm } from "../app/Forms";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDateTime, formatRelative } from "../lib/dates";
import { recordHref } from "../lib/router";
import { Icon } from "./Icon";
import { SnoozeMenu } from "./SnoozeMenu";
import { useToast } from "./Toast";
import { taskTitle } from "../lib/systemEvent";

/** Open follow-ups whose reminder fired, newest first; refreshes on task changes, fired reminders and focus. */
export function useFired() {
  const q = useQuery(() => api.remindersFired(50), "fired", ["task"]);
  const { reload } = q;
  useEffect(() => {
    window.addEventListener("focus", reload);
    // Outside Tauri (unit tests, a plain browser) listening fails; focus and invalidations still refresh.
    const stop = Promise.resolve()
      .then(() => events.reminderFired.listen(() => reload()))
      .catch(() => null);
    return () => {
      window.removeEventListener("focus", reload);
      void stop.then((s) => s?.());
    };
  }, [reload]);
  return q;
}

function about(task: Task): string | null {
  return [task.person_name, task.company_name, task.deal_title].filter(Boolean).join(" · ") || null;
}

function Item({ task, onOpen }: { task: Task; onOpen: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const openForm = useOpenForm();
  const [snoozing, setSnoozing] = useState(false);
  const fired = task.notified_at ?? task.remind_at ?? task.due_at;
  const who = about(task);
  const done = () => void api.tasksSetDone(task.id, true).then(() => toast.show(t("task.doneToast", { title: taskTitle(t, task) })), toast.error);
  const open = () => {
    onOpen();
    const href = (task.person_id && recordHref("person", task.person_id)) || (task.company_id && recordHref("company", task.company_id)) || (task.deal_id && recordHref("deal", task.deal_id));
    if (href) window.location.hash = href;
    openForm({ kind: "task", id: task.id });
  };
  return (
    <li className="notification-item" data-testid="notification-item">
      <div className="notification-text">
        <span className="notification-title">{taskTitle(t, task)}</span>
        {who && <span className="muted small">{who}</span>}
        <time className="muted small" dateTime={new Date(fired).toISOString()} title={formatDateTime(fired, locale)}>
          {formatRelative(fired, locale)}
        </time>
      </div>
      <div className="notification-actions">
        <button type="button" className="icon-button" onClick={done} aria-label={t("task.markDone", { title: taskTitle(t, task) })} title={t("task.done")}>
          <Icon name="check" />
        </button>
        <SnoozeMenu task={task} open={snoozing} onOpenChange={setSnoozing} />
        <button type="button" className="icon-button" onClick={open} aria-label={t("notifications.open", { title: taskTitle(t, task) })} title={t("common.open")}>
          <Icon name="edit" />
        </button>
      </div>
    </li>
  );
}

/** The bell in the top bar: a count of fired, still-open follow-ups and a popover listing them, so nothing
 * depends on the OS popup being seen. Esc or a click outside closes it; focus returns to the bell. */
export function NotificationCenter() {
  const { t } = useTranslation();
  const fired = useFired();
  const [open, setOpen] = useState(false);
  const bell = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const items = fired.data ?? [];
  const count = items.length;

  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) bell.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    // The panel itself takes focus (announced by its label); Tab moves into the items' actions.
    panel.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (!panel.current?.contains(e.target as Node) && !bell.current?.contains(e.target as Node)) close(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  return (
    <div className="notification-center">
      <button
        ref={bell}
        type="button"
        className="icon-button notification-bell"
        data-testid="notifications-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={t("notifications.button", { count })}
        title={t("notifications.title")}
        onClick={() => (open ? close() : setOpen(true))}
      >
        <Icon name="bell" />
        {count > 0 && (
          <span className="nav-count notification-count" data-testid="notifications-count" aria-hidden="true">
            {count >= 50 ? "50+" : count}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={panel}
          className="notification-panel"
          role="dialog"
          aria-label={t("notifications.title")}
          data-testid="notifications-panel"
          tabIndex={-1}
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            e.preventDefault();
            e.stopPropagation();
            close();
          }}
        >
          <header className="notification-header">
            <h2>{t("notifications.title")}</h2>
          </header>
          {count === 0 ? (
            <p className="notification-empty muted">{fired.loading && !fired.data ? t("common.loading") : t("notifications.empty")}</p>
          ) : (
            <ul className="notification-list">
              {items.map((task) => (
                <Item key={task.id} task={task} onOpen={() => close(false)} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
