import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AppError } from "../bindings";
import { api, toApiError } from "../api/client";
import { errorMessage } from "../api/errors";
import { TextField } from "../components/Field";

/**
 * Shown at start when the store is encrypted but its key is not in the keyring (or the keyring cannot be
 * reached). The recovery passphrase re-derives the key and puts it back; nothing new is ever created over
 * the old data.
 */
export function RecoverKey({ error, dataDir }: { error: AppError; dataDir: string }) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const recover = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await api.securityRecover(passphrase);
      window.location.reload();
    } catch (e) {
      setProblem(errorMessage(t, toApiError(e)));
      setBusy(false);
    }
  };

  return (
    <main className="startup-error" role="alert" data-testid="recover-key">
      <h1>{t(error.code === "keyring_unavailable" ? "security.recover.unavailableTitle" : "security.recover.title")}</h1>
      <p>{errorMessage(t, { code: error.code })}</p>
      <p>{t("security.recover.explain")}</p>
      <form
        className="recover-form"
        onSubmit={(e) => {
          e.preventDefault();
          void recover();
        }}
      >
        <TextField label={t("security.passphrase")} name="passphrase" type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        {problem && (
          <p className="field-error" data-testid="recover-error">
            {problem}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy || passphrase === ""} data-testid="recover-submit">
          {t("security.recover.submit")}
        </button>
      </form>
      <p className="muted small">{t("startup.dataDir", { dir: dataDir })}</p>
      <p className="muted small">{t("security.recover.cli")}</p>
    </main>
  );
}
