import { useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { RepeatRule, Task } from "../bindings";
import { useOpenForm } from "../app/Forms";
import { useLocale } from "../i18n";
import { formatDateTime, formatDayTime } from "../lib/dates";
import { describeRRule } from "../lib/rrule";
import { recordHref } from "../lib/router";
import { Badge } from "./Badge";
import { openCompose } from "./ComposeHost";
import { Icon } from "./Icon";
import { SnoozeMenu } from "./SnoozeMenu";
import { useTaskDone } from "../hooks/useTaskDone";
import { isTypingTarget } from "../hooks/useHotkey";
import { taskTitle } from "../lib/systemEvent";

/** Links of a task or activity to its person, company and deal, minus the record being viewed. */
export function RecordLinks({ item, except }: { item: Pick<Task, "person_id" | "person_name" | "company_id" | "company_name" | "deal_id" | "deal_title">; except?: string }) {
  const links = [
    { entity: "person", id: item.person_id, title: item.person_name },
    { entity: "company", id: item.company_id, title: item.company_name },
    { entity: "deal", id: item.deal_id, title: item.deal_title },
  ].filter((l) => l.id !== null && l.title && l.entity !== except);
  if (links.length === 0) return null;
  return (
    <span className="record-links">
      {links.map((l) => (
        <a key={l.entity} href={recordHref(l.entity, l.id!) ?? "#"} onClick={(e) => e.stopPropagation()}>
          {l.title}
        </a>
      ))}
    </span>
  );
}

/** "Repeats weekly on Mon", translated; nothing for a one-off task. */
export function RepeatSummary({ repeat, rule }: { repeat: string | null; rule: RepeatRule | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!repeat) return null;
  const text = describeRRule(rule, t, locale);
  return (
    <span className="task-repeat" title={text}>
      <Icon name="repeat" size={12} /> {text}
    </span>
  );
}

/** Email the task's person (about its deal): the shell's compose dialog. Nothing for a task about nobody. */
export function TaskEmailButton({ task }: { task: Pick<Task, "person_id" | "person_name" | "deal_id"> }) {
  const { t } = useTranslation();
  const personId = task.person_id;
  if (personId === null) return null;
  const label = t("task.email", { name: task.person_name ?? "" });
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={label}
      title={label}
      onClick={(e) => {
        e.stopPropagation();
        openCompose({ personId, dealId: task.deal_id });
      }}
      onKeyDown={(e) => e.stopPropagation()}
      data-testid="task-email"
    >
      <Icon name="email" size={14} />
    </button>
  );
}

/**
 * One follow-up: a done checkbox (optimistic), its title (opens the form), what it is about, how it repeats,
 * when it is due and a snooze menu. With the row focused, `x` or Space toggles done and `s` opens snooze.
 */
export function TaskItem({ task, except, now = Date.now() }: { task: Task; except?: string; now?: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const openForm = useOpenForm();
  const [done, toggle] = useTaskDone(task);
  const [snoozing, setSnoozing] = useState(false);
  const overdue = !done && task.due_at < now;
  const title = taskTitle(t, task);

  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
    const key = e.key.toLowerCase();
    if (key === "x" || (e.key === " " && e.target === e.currentTarget)) void toggle();
    else if (key === "s" && !done) setSnoozing(true);
    else return;
    e.preventDefault();
  };

  return (
    <li className={`task-item ${done ? "is-done" : ""}`} data-testid="task-item" tabIndex={0} title={t("task.rowShortcuts")} onKeyDown={onKeyDown}>
      <input type="checkbox" checked={done} onChange={toggle} aria-label={t("task.markDone", { title })} title={`${t("task.done")} (X)`} />
      <div className="task-main">
        <button type="button" className="task-title link-button" onClick={() => openForm({ kind: "task", id: task.id })}>
          {title}
        </button>
        <RecordLinks item={task} except={except} />
        <RepeatSummary repeat={task.repeat} rule={task.repeat_rule} />
      </div>
      <span className="task-side">
        <span className={`task-due ${overdue ? "is-overdue" : ""}`} title={formatDateTime(task.due_at, locale)}>
          {overdue && <Badge tone="danger">{t("task.overdue")}</Badge>} {formatDayTime(task.due_at, locale, now)}
        </span>
        {!done && <TaskEmailButton task={task} />}
        {!done && <SnoozeMenu task={task} open={snoozing} onOpenChange={setSnoozing} />}
      </span>
    </li>
  );
}
