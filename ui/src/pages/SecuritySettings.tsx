import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SecurityStatus } from "../bindings";
import { api, toApiError } from "../api/client";
import { AuditTrail } from "../components/AuditTrail";
import { TextField } from "../components/Field";
import { useToast } from "../components/Toast";

const MIN_PASSPHRASE = 10;

/** Encryption status, the recovery passphrase, and the whole audit trail with a CSV export. */
export function SecuritySettings() {
  const { t } = useTranslation();
  const toast = useToast();
  const [status, setStatus] = useState<SecurityStatus | null>(null);
  const [passphrase, setPassphrase] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void api.securityStatus().then(setStatus, toast.error), []);

  const save = async () => {
    if (passphrase.length < MIN_PASSPHRASE) return setError(t("security.passphraseTooShort", { count: MIN_PASSPHRASE }));
    if (passphrase !== repeat) return setError(t("security.passphraseMismatch"));
    setError(null);
    try {
      setStatus(await api.securitySetPassphrase(passphrase));
      setPassphrase("");
      setRepeat("");
      toast.show(t("security.passphraseSaved"), { kind: "success" });
    } catch (e) {
      const err = toApiError(e);
      if (err.field === "passphrase") setError(t("security.passphraseTooShort", { count: MIN_PASSPHRASE }));
      else toast.error(err);
    }
  };

  const exportCsv = async () => {
    try {
      const csv = await api.auditExportCsv({});
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = "relata-audit.csv";
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      toast.error(e);
    }
  };

  return (
    <>
      <section className="card" data-testid="security-settings">
        <h2>{t("security.title")}</h2>
        <p data-testid="encryption-status">{status === null ? "–" : status.encrypted ? t("security.encrypted") : t("security.notEncrypted")}</p>
        <p className="muted small">{status?.recovery_passphrase_set ? t("security.passphraseSet") : t("security.passphraseNotSet")}</p>
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <TextField label={t("security.passphrase")} name="passphrase" type="password" autoComplete="new-password" value={passphrase} hint={t("security.passphraseHint")} onChange={(e) => setPassphrase(e.target.value)} />
          <TextField label={t("security.passphraseRepeat")} name="passphrase_repeat" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div>
            <button type="submit" className="button primary" disabled={!status?.encrypted || passphrase === ""}>
              {status?.recovery_passphrase_set ? t("security.changePassphrase") : t("security.setPassphrase")}
            </button>
          </div>
        </form>
      </section>
      <section className="card" data-testid="audit-settings">
        <header className="card-header">
          <h2>{t("security.audit.title")}</h2>
          <button type="button" className="button" data-testid="audit-export" onClick={() => void exportCsv()}>
            {t("security.audit.export")}
          </button>
        </header>
        <AuditTrail />
      </section>
    </>
  );
}
