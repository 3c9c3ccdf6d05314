import { useTranslation } from "react-i18next";
import type { AppError } from "../bindings";
import { errorMessage } from "../api/errors";
import { RecoverKey } from "./RecoverKey";

const KEY_PROBLEMS = ["key_missing", "keyring_unavailable"];

/** Shown instead of the app when the core could not open the data folder. */
export function StartupError({ error, dataDir }: { error: AppError; dataDir: string }) {
  const { t } = useTranslation();
  if (KEY_PROBLEMS.includes(error.code)) return <RecoverKey error={error} dataDir={dataDir} />;
  return (
    <main className="startup-error" role="alert" data-testid="startup-error">
      <h1>{t("startup.title")}</h1>
      <p>{errorMessage(t, { code: error.code })}</p>
      <p className="muted small">{t("startup.dataDir", { dir: dataDir })}</p>
      <details>
        <summary>{t("startup.details")}</summary>
        <pre className="mono selectable">{error.message}</pre>
      </details>
    </main>
  );
}
