import { useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityKind, Entity } from "../bindings";
import { useOpenForm } from "../app/Forms";
import type { TaskLinkDefaults } from "../forms/TaskForm";
import { useHotkey } from "../hooks/useHotkey";
import { AuditTrail } from "./AuditTrail";
import { CallLogDialog, type CallTarget } from "./CallLogDialog";
import { Composer } from "./Composer";
import { EmptyState, Skeleton } from "./EmptyState";
import { Icon, type IconName } from "./Icon";
import { Timeline } from "./Timeline";

type Target = { person_id: number | null; company_id: number | null; deal_id: number | null };

type Props = {
  testId: string;
  entity: Entity;
  backHref: string;
  backLabel: string;
  title: string | null;
  facts?: ReactNode;
  badges?: ReactNode;
  /** Extra header actions shown before Edit (add task, won/lost...). */
  actions?: ReactNode;
  onEdit: () => void;
  onDelete: () => void;
  target: Target;
  /** Who a call is with: "Log call" then opens the Call log dialog (else it focuses the composer's Call tab). */
  callTarget?: CallTarget | null;
  side: ReactNode;
};

/**
 * The shared record page: header with name, key facts and actions; the timeline with its composer
 * as the main column; fields and related records in the side panel. `e` edits.
 */
export function RecordLayout(p: Props) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ActivityKind>("call");
  const [tab, setTab] = useState<"timeline" | "history">("timeline");
  const recordId = p.entity === "person" ? p.target.person_id : p.entity === "company" ? p.target.company_id : p.target.deal_id;
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [calling, setCalling] = useState(false);
  useHotkey("e", p.onEdit, p.title !== null);

  const quickLog = (k: ActivityKind) => {
    setTab("timeline");
    setKind(k);
    textareaRef.current?.focus();
  };

  return (
    <section className="page record-page" data-testid={p.testId}>
      <a className="back-link" href={p.backHref}>
        <Icon name="back" size={14} /> {p.backLabel}
      </a>
      <header className="record-header">
        <div className="record-heading">
          {p.title === null ? (
            <Skeleton lines={2} />
          ) : (
            <>
              <h1 data-testid="record-title">{p.title}</h1>
              {p.badges && <div className="badges">{p.badges}</div>}
              {p.facts && <div className="record-facts">{p.facts}</div>}
            </>
          )}
        </div>
        <div className="record-actions">
          <button type="button" className="button" data-testid="log-call" onClick={() => (p.callTarget ? setCalling(true) : quickLog("call"))}>
            <Icon name="call" /> {t("record.logCall")}
          </button>
          {calling && p.callTarget && <CallLogDialog target={p.callTarget} onClose={() => setCalling(false)} />}
          <button type="button" className="button" data-testid="log-note" onClick={() => quickLog("note")}>
            <Icon name="note" /> {t("record.addNote")}
          </button>
          {p.actions}
          <button type="button" className="button" onClick={p.onEdit} title={`${t("common.edit")} (E)`} data-testid="record-edit">
            <Icon name="edit" /> {t("common.edit")}
          </button>
          <button type="button" className="icon-button danger" onClick={p.onDelete} aria-label={t("common.delete")} title={t("common.delete")} data-testid="record-delete">
            <Icon name="trash" />
          </button>
        </div>
      </header>
      <div className="record-body">
        <div className="record-main">
          {/* Tab labels live under record.tabs.*: `npm run i18n:check` fails when two of them read the same in a language. */}
          <div className="tabs" role="tablist">
            {(["timeline", "history"] as const).map((k) => (
              <button key={k} type="button" role="tab" className={`tab ${tab === k ? "is-selected" : ""}`} aria-selected={tab === k} data-testid={`tab-${k}`} onClick={() => setTab(k)}>
                {t(`record.tabs.${k}`)}
              </button>
            ))}
          </div>
          {tab === "timeline" ? (
            <>
              <Composer kind={kind} onKindChange={setKind} links={p.target} textareaRef={textareaRef} />
              <Timeline target={p.target} except={p.entity} />
            </>
          ) : (
            <AuditTrail entity={p.entity} recordId={recordId} />
          )}
        </div>
        <aside className="record-side">{p.side}</aside>
      </div>
    </section>
  );
}

/** What a record page shows when its record cannot be loaded (deleted, or a stale link). */
export function RecordNotFound({ testId, icon, backHref, backLabel }: { testId: string; icon: IconName; backHref: string; backLabel: string }) {
  const { t } = useTranslation();
  return (
    <section className="page" data-testid={testId}>
      <EmptyState icon={icon} title={t("record.notFound")} hint={t("record.notFoundHint")} action={<a href={backHref}>{backLabel}</a>} />
    </section>
  );
}

/** The header action that opens a new task linked to the record (and to its person, company). */
export function AddTaskButton({ links }: { links: TaskLinkDefaults }) {
  const { t } = useTranslation();
  const openForm = useOpenForm();
  return (
    <button type="button" className="button" onClick={() => openForm({ kind: "task", links })}>
      <Icon name="tasks" /> {t("record.addTask")}
    </button>
  );
}

/** A key fact in the record header led by an icon (phone, email). */
export function IconFact({ icon, children }: { icon: IconName; children: ReactNode }) {
  return (
    <span className="fact">
      <Icon name={icon} size={14} /> {children}
    </span>
  );
}

/** A titled side-panel block with an optional action (add deal, add task). */
export function SideSection({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section className="side-section">
      <header>
        <h2>{title}</h2>
        {action}
      </header>
      {children}
    </section>
  );
}

const isEmpty = (v: ReactNode) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);

/**
 * Label/value pairs. Empty built-in fields are left out so the panel stays calm; custom fields pass
 * `showEmpty` because the user added them to be filled in.
 */
export function FieldList({ items, showEmpty }: { items: [string, ReactNode][]; showEmpty?: boolean }) {
  const shown = showEmpty ? items.map(([k, v]): [string, ReactNode] => [k, isEmpty(v) ? <span className="muted">–</span> : v]) : items.filter(([, v]) => !isEmpty(v));
  return (
    <dl className="field-list">
      {shown.map(([label, value]) => (
        <div key={label} className="field-list-row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
