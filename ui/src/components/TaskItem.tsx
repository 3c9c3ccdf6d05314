import { useTranslation } from "react-i18next";
import type { Task } from "../bindings";
import { useOpenForm } from "../app/Forms";
import { useLocale } from "../i18n";
import { formatDateTime, formatDayTime } from "../lib/dates";
import { recordHref } from "../lib/router";
import { Badge } from "./Badge";
import { useTaskDone } from "../hooks/useTaskDone";

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

/** One follow-up: a done checkbox (optimistic), its title (opens the form), when it is due and what it is about. */
export function TaskItem({ task, except, now = Date.now() }: { task: Task; except?: string; now?: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const openForm = useOpenForm();
  const [done, toggle] = useTaskDone(task);
  const overdue = !done && task.due_at < now;

  return (
    <li className={`task-item ${done ? "is-done" : ""}`} data-testid="task-item">
      <input type="checkbox" checked={done} onChange={toggle} aria-label={t("task.markDone", { title: task.title })} />
      <div className="task-main">
        <button type="button" className="task-title link-button" onClick={() => openForm({ kind: "task", id: task.id })}>
          {task.title}
        </button>
        <RecordLinks item={task} except={except} />
      </div>
      <span className={`task-due ${overdue ? "is-overdue" : ""}`} title={formatDateTime(task.due_at, locale)}>
        {overdue && <Badge tone="danger">{t("task.overdue")}</Badge>} {formatDayTime(task.due_at, locale, now)}
      </span>
    </li>
  );
}
