import { useTranslation } from "react-i18next";
import type { Task } from "../bindings";
import { api } from "../api/client";
import { useOpenForm } from "../app/Forms";
import { EmptyState, Kbd, Skeleton } from "../components/EmptyState";
import { Icon } from "../components/Icon";
import { TaskItem } from "../components/TaskItem";
import { useHotkey } from "../hooks/useHotkey";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";

/** Today's agenda; the nav badge shares it, so it refreshes whenever tasks change. */
export function useToday() {
  return useQuery(() => api.tasksToday(), "today", ["task"]);
}

function Group({ title, tasks, testId }: { title: string; tasks: Task[]; testId: string }) {
  if (tasks.length === 0) return null;
  return (
    <section className="today-group" aria-label={title} data-testid={testId}>
      <h2>
        {title} <span className="badge badge-neutral">{tasks.length}</span>
      </h2>
      <ul className="task-list">
        {tasks.map((task) => (
          <TaskItem key={`${task.id}-${task.done_at}`} task={task} />
        ))}
      </ul>
    </section>
  );
}

export function TodayPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const openForm = useOpenForm();
  const today = useToday();
  useHotkey("c", () => openForm({ kind: "task" }));
  const v = today.data;
  const empty = v && v.overdue.length === 0 && v.today.length === 0;

  return (
    <section className="page today-page" data-testid="today-page">
      <header className="page-header">
        <div>
          <h1>{t("nav.today")}</h1>
          <p className="page-subtitle">{new Intl.DateTimeFormat(locale, { dateStyle: "full" }).format(Date.now())}</p>
        </div>
        <button type="button" className="button button-primary" data-testid="new-task" title={`${t("task.new")} (C)`} onClick={() => openForm({ kind: "task" })}>
          <Icon name="plus" /> {t("task.new")}
        </button>
      </header>
      {!v ? (
        <Skeleton lines={4} />
      ) : empty ? (
        <EmptyState
          icon="today"
          title={t("today.empty")}
          hint={t("today.emptyHint")}
          action={
            <button type="button" className="button" onClick={() => openForm({ kind: "task" })}>
              {t("task.new")} <Kbd>C</Kbd>
            </button>
          }
        />
      ) : (
        <div className="today-groups">
          <Group title={t("today.overdue")} tasks={v.overdue} testId="today-overdue" />
          <Group title={t("today.dueToday")} tasks={v.today} testId="today-today" />
        </div>
      )}
    </section>
  );
}
