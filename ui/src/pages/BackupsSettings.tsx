import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { BackupInfo, BackupSettings } from "../bindings";
import { api } from "../api/client";
import { Dialog } from "../components/Dialog";
import { CheckboxField, SelectField } from "../components/Field";
import { useToast } from "../components/Toast";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDateTime } from "../lib/dates";

const KEEP_CHOICES = [3, 7, 14, 30, 90];

/** Settings card: automatic daily backups, how many to keep, back up now, and the list to verify or restore. */
export function BackupsSettings() {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const settings = useQuery(() => api.backupSettingsGet(), "backup-settings", []);
  const list = useQuery(() => api.backupList(), "backup-list", []);
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);

  const save = (next: BackupSettings) =>
    api.backupSettingsSet(next).then(
      () => {
        settings.reload();
        list.reload();
        toast.show(t("toast.saved"), { kind: "success" });
      },
      (e) => toast.error(e),
    );

  const backUpNow = () => {
    setBusy(true);
    api.backupNow().then(
      () => {
        list.reload();
        toast.show(t("backup.done"), { kind: "success" });
      },
      (e) => toast.error(e),
    ).finally(() => setBusy(false));
  };

  const verify = (b: BackupInfo) =>
    api.backupVerify(b.id).then(
      (c) => (c.ok ? toast.show(t("backup.verifyOk"), { kind: "success" }) : toast.show(t("backup.verifyFailed", { problems: c.problems.join("; ") }), { kind: "error" })),
      (e) => toast.error(e),
    );

  const restore = (b: BackupInfo) =>
    api.backupRestore(b.id).then(
      (safety) => {
        setRestoring(null);
        list.reload();
        toast.show(t("backup.restored", { path: safety }), { kind: "success" });
      },
      (e) => toast.error(e),
    );

  const s = settings.data;
  return (
    <section className="card" data-testid="backup-settings">
      <h2>{t("backup.title")}</h2>
      {s && (
        <div className="form-grid">
          <CheckboxField label={t("backup.auto")} name="backup_auto" checked={s.auto} onChange={(auto) => void save({ ...s, auto })} />
          <SelectField
            label={t("backup.keep")}
            name="backup_keep"
            value={String(s.keep)}
            options={[...new Set([...KEEP_CHOICES, s.keep])].sort((a, b) => a - b).map((n) => ({ value: String(n), label: t("backup.keepCount", { count: n }) }))}
            onChange={(e) => void save({ ...s, keep: Number(e.target.value) })}
          />
        </div>
      )}
      {/* Shown with the settings, not before them: the form appearing above would move the button, and a
          click meant for it would land on the automatic backup checkbox. */}
      {(s || settings.error) && (
        <p>
          <button type="button" className="button" data-testid="backup-now" disabled={busy} onClick={backUpNow}>
            {busy ? t("backup.working") : t("backup.now")}
          </button>
        </p>
      )}
      {list.data && list.data.length === 0 && <p className="muted">{t("backup.none")}</p>}
      <ul className="backup-list" data-testid="backup-list">
        {list.data?.map((b) => (
          <li key={b.id} className="backup-row" data-testid="backup-row">
            <div>
              <div className="strong">{formatDateTime(b.created_at, locale)}</div>
              <div className="muted small">{preview(t, b)}</div>
            </div>
            <div className="backup-actions">
              <button type="button" className="button" onClick={() => void verify(b)}>
                {t("backup.verify")}
              </button>
              <button type="button" className="button" data-testid="backup-restore" onClick={() => setRestoring(b)}>
                {t("backup.restore")}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {restoring && (
        <Dialog
          title={t("backup.restoreTitle")}
          onClose={() => setRestoring(null)}
          testId="backup-restore-dialog"
          size="small"
          footer={
            <>
              <button type="button" className="button" onClick={() => setRestoring(null)}>
                {t("common.cancel")}
              </button>
              <button type="button" className="button button-danger" data-testid="backup-restore-confirm" onClick={() => void restore(restoring)}>
                {t("backup.restore")}
              </button>
            </>
          }
        >
          <p>{t("backup.restoreBody", { date: formatDateTime(restoring.created_at, locale) })}</p>
          <p className="muted">{preview(t, restoring)}</p>
        </Dialog>
      )}
    </section>
  );
}

function preview(t: (k: string, o?: Record<string, unknown>) => string, b: BackupInfo): string {
  const size = t("backup.size", { size: Math.max(1, Math.round(b.size_bytes / 1024)) });
  if (!b.counts) return `${size} · ${t("backup.unreadable")}`;
  const c = b.counts;
  const counts = [t("backup.people", { count: c.people }), t("backup.companies", { count: c.companies }), t("backup.deals", { count: c.deals }), t("backup.tasks", { count: c.tasks })];
  return `${size} · ${counts.join(", ")}`;
}
