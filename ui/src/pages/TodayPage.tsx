import { useTranslation } from "react-i18next";
import type { Task } from "../bindings";
import { api } from "../api/client";
import { useOpenForm } from "../app/Forms";
import { CheckInsCard } from "../components/CheckInsCard";
import { EmptyState, Kbd, Skeleton } from "../components/EmptyState";
import { Icon } from "../components/Icon";
import { TaskItem } from "../components/TaskItem";
import { useHotkey } from "../hooks/useHotkey";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { navigate } from "../lib/router";

/** Today's agenda; the nav badge shares it, so it refreshes whenever tasks change. */
export function useToday() {
  return useQuery(() => api.tasksToday(), "today", ["task"]);
}

/** Open tasks due from tomorrow through the next 7 days, earliest first: one bounded page (its total counts
 * the rest, which the Tasks page lists). */
function useUpcoming() {
  return useQuery(
    () => {
      const [from, to] = upcomingWindow(Date.now());
      return api.tasksList({ state: "open", person_id: null, company_id: null, deal_id: null, search: null, due_after: from, due_before: to, limit: UPCOMING_MAX, cursor: null });
    },
    "upcoming",
    ["task"],
  );
}

const UPCOMING_MAX = 100;

/** [start of tomorrow, start of the day 8 days from now): the "upcoming" days, in local time. */
export function upcomingWindow(now: number): [number, number] {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() + 1);
  const from = d.getTime();
  d.setDate(d.getDate() + 7);
  return [from, d.getTime()];
}

function Group({ title, tasks, total, testId }: { title: string; tasks: Task[]; total: number; testId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (tasks.length === 0) return null;
  return (
    <section className="today-group" aria-label={title} data-testid={testId}>
      <h2>
        {title} <span className="badge badge-neutral">{total.toLocaleString(locale)}</span>
      </h2>
      <ul className="task-list">
        {tasks.map((task) => (
          <TaskItem key={`${task.id}-${task.done_at}`} task={task} />
        ))}
      </ul>
      {total > tasks.length && (
        <p className="muted small" data-testid={`${testId}-more`}>
          {t("today.more", { shown: tasks.length, total })}{" "}
          <button type="button" className="link-button" onClick={() => navigate({ page: "tasks" })}>
            {t("today.allInTasks")}
          </button>
        </p>
      )}
    </section>
  );
}

export function TodayPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const openForm = useOpenForm();
  const today = useToday();
  const upcoming = useUpcoming();
  useHotkey("c", () => openForm({ kind: "task" }));
  const v = today.data;
  const later = upcoming.data?.items ?? [];
  const empty = v && v.overdue.length === 0 && v.today.length === 0 && later.length === 0;

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
          <Group title={t("today.overdue")} tasks={v.overdue} total={v.overdue_total} testId="today-overdue" />
          <Group title={t("today.dueToday")} tasks={v.today} total={v.today_total} testId="today-today" />
          <Group title={t("today.upcoming")} tasks={later} total={upcoming.data?.total ?? later.length} testId="today-upcoming" />
          <p className="muted small today-keys">{t("today.keys")}</p>
        </div>
      )}
      <CheckInsCard />
    </section>
  );
}
