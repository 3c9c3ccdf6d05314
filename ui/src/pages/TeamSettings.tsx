import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ConflictView, TeamStatus } from "../bindings";
import { api } from "../api/client";
import { errorMessage } from "../api/errors";
import { Badge } from "../components/Badge";
import { Dialog } from "../components/Dialog";
import { Icon } from "../components/Icon";
import { useToast } from "../components/Toast";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDayTime } from "../lib/dates";
import { InviteDialog, WorkspaceDialog } from "./TeamDialogs";

type Open = "join" | "create" | "invite" | "leave" | null;

/** Settings → Team: join or create a workspace, its sync status, "Sync now", invites (admin), conflicts, leave. */
export function TeamSettings() {
  const { t } = useTranslation();
  const toast = useToast();
  const status = useQuery(() => api.teamStatus(), "team-status", ["team"]);
  const [open, setOpen] = useState<Open>(null);
  const s = status.data;

  const syncNow = async () => {
    try {
      await api.teamSyncNow();
      toast.show(t("team.syncStarted"), { kind: "info" });
    } catch (e) {
      toast.error(e);
    }
  };

  const leave = async () => {
    setOpen(null);
    try {
      await api.teamLeave();
      status.reload();
      toast.show(t("team.left"), { kind: "success" });
    } catch (e) {
      toast.error(e);
    }
  };

  const done = () => {
    setOpen(null);
    status.reload();
  };

  return (
    <section className="card" data-testid="team-settings">
      <header className="card-header">
        <h2>{t("team.title")}</h2>
        {s?.joined && (
          <button type="button" className="button" onClick={() => void syncNow()} data-testid="team-sync-now">
            <Icon name="sync" /> {t("team.syncNow")}
          </button>
        )}
      </header>
      {s && !s.joined && (
        <>
          <p className="muted small">{t("team.intro")}</p>
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={() => setOpen("join")} data-testid="team-join">
              {t("team.join")}
            </button>
            <button type="button" className="button" onClick={() => setOpen("create")} data-testid="team-create">
              {t("team.create")}
            </button>
          </div>
        </>
      )}
      {s?.joined && (
        <>
          <SyncStatus status={s} />
          <Conflicts count={s.conflicts} />
          <div className="button-row">
            {s.role === "admin" && (
              <button type="button" className="button" onClick={() => setOpen("invite")} data-testid="team-invite">
                <Icon name="plus" /> {t("team.invite")}
              </button>
            )}
            <button type="button" className="button button-danger-quiet" onClick={() => setOpen("leave")} data-testid="team-leave">
              {t("team.leave")}
            </button>
          </div>
        </>
      )}
      {(open === "join" || open === "create") && <WorkspaceDialog kind={open} onClose={() => setOpen(null)} onDone={done} />}
      {open === "invite" && <InviteDialog onClose={() => setOpen(null)} />}
      {open === "leave" && (
        <Dialog
          title={t("team.leaveTitle")}
          size="small"
          onClose={() => setOpen(null)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setOpen(null)} data-autofocus>
                {t("common.cancel")}
              </button>
              <button type="button" className="button button-danger" onClick={() => void leave()} data-testid="team-leave-confirm">
                {t("team.leave")}
              </button>
            </>
          }
        >
          <p>{t("team.leaveConfirm")}</p>
        </Dialog>
      )}
    </section>
  );
}

function SyncStatus({ status: s }: { status: TeamStatus }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const when = (ms: number | null) => (ms === null ? t("team.never") : formatDayTime(ms, locale));
  const rows: [string, string, string][] = [
    ["workspace", t("team.workspace"), s.url ?? "–"],
    ["user", t("team.signedInAs"), `${s.user ?? "–"} · ${s.role ? t(`team.roles.${s.role}`, { defaultValue: s.role }) : "–"}`],
    ["last-push", t("team.lastPush"), when(s.last_push)],
    ["last-pull", t("team.lastPull"), when(s.last_pull)],
    ["pending", t("team.pending"), t("team.pendingCount", { count: s.pending })],
  ];
  return (
    <dl className="field-list" data-testid="team-status">
      <div className="field-list-row">
        <dt>{t("team.state")}</dt>
        <dd data-testid="team-state">
          {s.last_error_code ? (
            <Badge tone="danger">{t("team.failing")}</Badge>
          ) : (
            <Badge tone={s.last_pull === null ? "neutral" : "success"}>{s.last_pull === null ? t("team.waiting") : t("team.upToDate")}</Badge>
          )}
          {s.last_error_code && (
            <span className="small team-error" data-testid="team-error">
              {" "}
              {errorMessage(t, { code: s.last_error_code })}
            </span>
          )}
        </dd>
      </div>
      {rows.map(([id, label, value]) => (
        <div className="field-list-row" key={id}>
          <dt>{label}</dt>
          <dd className={id === "workspace" ? "selectable mono" : undefined} data-testid={`team-${id}`}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The same-field edits that lost, loaded on request (the log lives on the server). */
function Conflicts({ count }: { count: number }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [list, setList] = useState<ConflictView[] | null>(null);
  const load = () => api.teamConflicts().then(setList, toast.error);

  const restore = async (c: ConflictView) => {
    try {
      await api.teamRestoreConflict(c.id);
      toast.show(t("team.restored"), { kind: "success" });
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <div className="team-conflicts" data-testid="team-conflicts">
      <div className="card-header">
        <h3>{t("team.conflicts")}</h3>
        {(count > 0 || list !== null) && (
          <button type="button" className="button" onClick={() => void load()} data-testid="team-conflicts-show">
            {list === null ? t("team.showConflicts", { count }) : t("team.refreshConflicts")}
          </button>
        )}
      </div>
      {((count === 0 && list === null) || list?.length === 0) && <p className="muted small">{t("team.noConflicts")}</p>}
      {list !== null && list.length > 0 && (
        <ul className="mail-account-list">
          {list.map((c) => (
            <li key={c.id} className="mail-account" data-testid="team-conflict-row">
              <div className="mail-account-row">
                <span className="cadence-row-text">
                  <span className="strong">
                    {c.record ?? t(`team.tables.${c.table}`, { defaultValue: c.table })} · {t(`fields.${c.field}`, { defaultValue: c.field })}
                  </span>
                  <span className="muted small">{t("team.conflictLine", { lost: c.lost_value || "–", won: c.won_value || "–", by: c.pushed_by })}</span>
                </span>
                <button type="button" className="button" onClick={() => void restore(c)} data-testid="team-conflict-restore">
                  {t("team.restore")}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
