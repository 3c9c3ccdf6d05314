import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { MailAccount, MailSyncStatus, MailTestReport } from "../bindings";
import { api } from "../api/client";
import { Dialog } from "../components/Dialog";
import { Icon } from "../components/Icon";
import { MailTestResult } from "../components/MailTestResult";
import { useToast } from "../components/Toast";
import { MailAccountForm } from "../forms/MailAccountForm";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDayTime } from "../lib/dates";
import { pinnedInput } from "../lib/mail";

/** The account's last sync failure (until a sync succeeds): the failing step, the localized reason, the detail. */
function SyncError({ status }: { status: MailSyncStatus | undefined }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const e = status?.error;
  if (!e) return null;
  const when = formatDayTime(e.at, locale);
  return (
    <div className="mail-sync-error" role="status" data-testid="mail-sync-error" data-code={e.code} data-step={e.step ?? ""}>
      <p className="small">
        <span className="badge badge-danger">
          <Icon name="warning" size={12} /> {e.step ? t("mail.syncFailedAt", { step: t(`mail.step.${e.step}`), when }) : t("mail.syncFailed", { when })}
        </span>{" "}
        {t(`errors.general.${e.code}`)}
      </p>
      {e.message && <p className="muted small selectable mono mail-test-detail">{e.message}</p>}
    </div>
  );
}

/** Settings → Email accounts: list, add/edit, remove, test the connection (pin a self-signed certificate), sync now. */
export function MailAccountsManager() {
  const { t } = useTranslation();
  const toast = useToast();
  const locale = useLocale();
  const accounts = useQuery(() => api.mailAccountsList(), "mail-accounts", ["mail"]);
  const status = useQuery(() => api.mailSyncStatus(), "mail-status", ["mail"]);
  const [editing, setEditing] = useState<MailAccount | "new" | null>(null);
  const [toDelete, setToDelete] = useState<MailAccount | null>(null);
  const [tests, setTests] = useState<Record<number, MailTestReport | "running">>({});
  const list = accounts.data ?? [];

  const test = async (a: MailAccount) => {
    setTests((x) => ({ ...x, [a.id]: "running" }));
    try {
      const report = await api.mailAccountTest(a.id);
      setTests((x) => ({ ...x, [a.id]: report }));
    } catch (e) {
      setTests((x) => {
        const { [a.id]: _, ...rest } = x;
        return rest;
      });
      toast.error(e);
    }
  };

  const trust = async (a: MailAccount, server: "imap" | "smtp", fingerprint: string) => {
    try {
      const saved = await api.mailAccountUpdate(a.id, pinnedInput(a, server, fingerprint), null);
      accounts.reload();
      toast.show(t("mail.test.trusted"), { kind: "success" });
      await test(saved);
    } catch (e) {
      toast.error(e);
    }
  };

  const remove = async (a: MailAccount) => {
    setToDelete(null);
    try {
      await api.mailAccountRemove(a.id);
      accounts.reload();
      toast.show(t("mail.removed", { name: a.name }), { kind: "success" });
    } catch (e) {
      toast.error(e);
    }
  };

  const setSupport = async (a: MailAccount, on: boolean) => {
    try {
      await api.mailAccountSetSupport(a.id, on);
      accounts.reload();
      toast.show(t(on ? "mail.supportOn" : "mail.supportOff", { name: a.name }), { kind: "success" });
    } catch (e) {
      toast.error(e);
    }
  };

  const syncNow = async () => {
    try {
      await api.mailSyncNow();
      toast.show(t("mail.syncStarted"), { kind: "info" });
    } catch (e) {
      toast.error(e);
    }
  };

  const syncOf = (id: number) => status.data?.find((x) => x.account_id === id);
  const lastSync = (id: number) => {
    const s = syncOf(id);
    if (s?.ok_at) return t("mail.lastOk", { when: formatDayTime(s.ok_at, locale) });
    return s?.synced_at ? t("mail.lastSync", { when: formatDayTime(s.synced_at, locale) }) : t("mail.neverSynced");
  };

  return (
    <section className="card" data-testid="mail-accounts">
      <header className="card-header">
        <h2>{t("mail.accounts")}</h2>
        {list.length > 0 && (
          <button type="button" className="button" onClick={() => void syncNow()} data-testid="mail-sync-now">
            <Icon name="sync" /> {t("mail.syncNow")}
          </button>
        )}
      </header>
      <p className="muted small">{t("mail.accountsIntro")}</p>
      {accounts.data && list.length === 0 && <p className="muted small">{t("mail.noAccounts")}</p>}
      {list.length > 0 && (
        <ul className="mail-account-list">
          {list.map((a) => {
            const report = tests[a.id];
            return (
              <li key={a.id} data-testid="mail-account-row" className="mail-account">
                <div className="mail-account-row">
                  <span className="cadence-row-text">
                    <span className="strong">{a.name}</span>
                    <span className="muted small">
                      {a.display_name ? `${a.display_name} <${a.address}>` : a.address} · {t(`mail.security.${a.security}`)} · <span data-testid="mail-last-sync">{lastSync(a.id)}</span>
                    </span>
                  </span>
                  <button type="button" className="button" disabled={report === "running"} onClick={() => void test(a)} data-testid="mail-test">
                    {report === "running" ? t("mail.test.running") : t("mail.test.button")}
                  </button>
                  <button type="button" className="icon-button" aria-label={t("mail.editAccount", { name: a.name })} title={t("common.edit")} onClick={() => setEditing(a)} data-testid="mail-account-edit">
                    <Icon name="edit" size={14} />
                  </button>
                  <button type="button" className="icon-button danger" aria-label={t("common.removeItem", { item: a.name })} title={t("common.delete")} onClick={() => setToDelete(a)} data-testid="mail-account-remove">
                    <Icon name="trash" size={14} />
                  </button>
                </div>
                <label className="checkbox-field small mail-account-support">
                  <input type="checkbox" checked={a.support_mailbox} onChange={(e) => void setSupport(a, e.target.checked)} data-testid="mail-account-support" />
                  {t("mail.supportMailbox")}
                </label>
                {/* A test the user just ran says more (and more recently) than the last sync's error. */}
                {!report && <SyncError status={syncOf(a.id)} />}
                {report && report !== "running" && <MailTestResult report={report} busy={false} onTrust={(server, fp) => void trust(a, server, fp)} />}
              </li>
            );
          })}
        </ul>
      )}
      <div className="custom-field-form">
        <button type="button" className="button" onClick={() => setEditing("new")} data-testid="mail-account-add">
          <Icon name="plus" /> {t("mail.addAccount")}
        </button>
      </div>
      {editing && (
        <MailAccountForm
          account={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            accounts.reload();
            toast.show(t("toast.saved"), { kind: "success" });
            void test(saved);
          }}
        />
      )}
      {toDelete && (
        <Dialog
          title={t("mail.removeTitle")}
          size="small"
          onClose={() => setToDelete(null)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setToDelete(null)} data-autofocus>
                {t("common.cancel")}
              </button>
              <button type="button" className="button button-danger" onClick={() => void remove(toDelete)} data-testid="mail-account-remove-confirm">
                {t("common.delete")}
              </button>
            </>
          }
        >
          <p>{t("mail.removeConfirm", { name: toDelete.name })}</p>
        </Dialog>
      )}
    </section>
  );
}
