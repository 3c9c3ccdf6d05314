import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Task, TaskState } from "../bindings";
import { api } from "../api/client";
import { useOpenForm } from "../app/Forms";
import { Badge } from "../components/Badge";
import { ExportMenu } from "../components/ExportMenu";
import { DataTable, pageProps, type Column } from "../components/DataTable";
import { EmptyState } from "../components/EmptyState";
import { ListPage } from "../components/ListPage";
import { RecordLinks, TaskEmailButton } from "../components/TaskItem";
import { useDebounced } from "../hooks/useDebounced";
import { useQueryList } from "../hooks/usePagedList";
import { useTaskDone } from "../hooks/useTaskDone";
import { useLocale } from "../i18n";
import { formatDateTime, formatDayTime } from "../lib/dates";
import { taskTitle } from "../lib/systemEvent";

const STATES: TaskState[] = ["open", "done", "all"];

function DoneCell({ task }: { task: Task }) {
  const { t } = useTranslation();
  const [done, toggle] = useTaskDone(task);
  return (
    <input
      type="checkbox"
      checked={done}
      aria-label={t("task.markDone", { title: taskTitle(t, task) })}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
      onChange={toggle}
    />
  );
}

function DueCell({ task }: { task: Task }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const overdue = task.done_at === null && task.due_at < Date.now();
  return (
    <span className={overdue ? "is-overdue" : ""} title={formatDateTime(task.due_at, locale)}>
      {overdue && <Badge tone="danger">{t("task.overdue")}</Badge>} {formatDayTime(task.due_at, locale)}
    </span>
  );
}

export function TasksPage() {
  const { t } = useTranslation();
  const openForm = useOpenForm();
  const [state, setState] = useState<TaskState>("open");
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const query = { state, search: q || null, person_id: null, company_id: null, deal_id: null, due_before: null, due_after: null };
  const list = useQueryList(query, (req) => api.tasksList(req), ["task"]);

  const columns: Column<Task>[] = [
    { id: "done", header: t("task.done"), hideHeader: true, width: "44px", render: (r) => <DoneCell key={`${r.id}-${r.done_at}`} task={r} /> },
    { id: "title", header: t("fields.title"), width: "minmax(180px, 2.5fr)", render: (r) => <span className={`strong ${r.done_at ? "is-done" : ""}`}>{r.title}</span> },
    { id: "due", header: t("fields.due_date"), width: "minmax(240px, 1.6fr)", render: (r) => <DueCell task={r} /> },
    { id: "links", header: t("task.links"), width: "minmax(150px, 1.6fr)", render: (r) => <RecordLinks item={r} /> },
    // 28 px button + 2 × 10 px cell padding: narrower, the cell clipped it and showed an ellipsis beside it.
    { id: "email", header: t("mail.compose.action"), hideHeader: true, width: "48px", render: (r) => (r.done_at ? null : <TaskEmailButton task={r} />) },
    { id: "owner", header: t("fields.owner"), width: "minmax(100px, 1fr)", render: (r) => r.owner ?? "" },
  ];

  return (
    <ListPage
      testId="tasks-page"
      title={t("nav.tasks")}
      countText={list.loading && list.rows.length === 0 ? t("common.loading") : t("tasks.count", { count: list.total })}
      newLabel={t("task.new")}
      newTestId="new-task"
      onNew={() => openForm({ kind: "task" })}
      actions={<ExportMenu csv={{ entity: "task", query: { ...query, limit: null, cursor: null } }} />}
      search={search}
      onSearch={setSearch}
      searchPlaceholder={t("tasks.searchPlaceholder")}
      filters={
        <div className="segmented" role="radiogroup" aria-label={t("tasks.show")}>
          {STATES.map((s) => (
            <button key={s} type="button" role="radio" aria-checked={state === s} className={state === s ? "is-selected" : ""} onClick={() => setState(s)}>
              {t(`taskState.${s}`)}
            </button>
          ))}
        </div>
      }
    >
      <DataTable
        label={t("nav.tasks")}
        {...pageProps(list)}
        columns={columns}
        rowKey={(r) => r.id}
        rowTestId="task-row"
        onOpen={(r) => openForm({ kind: "task", id: r.id })}
        empty={<EmptyState icon="tasks" title={q ? t("tasks.noMatch") : t(`tasks.empty.${state}`)} hint={q ? t("common.noMatchHint") : t("tasks.emptyHint")} />}
      />
    </ListPage>
  );
}
