import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { useLocale } from "../i18n";
import { navigate } from "../lib/router";
import { Dialog } from "./Dialog";
import { TextField } from "./Field";
import { useToast } from "./Toast";

/**
 * GDPR actions on a person: export everything about them (JSON plus a readable HTML page in the UI's
 * language, written to the data dir's exports/ folder), and erase them for good after the user typed
 * their name.
 */
export function GdprActions({ personId, name }: { personId: number; name: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const lang = useLocale().slice(0, 2);
  const [erasing, setErasing] = useState(false);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);

  const exportAll = () =>
    api.gdprExport(personId, lang).then(
      (f) => toast.show(t("gdpr.exported", { path: f.html }), { kind: "success" }),
      (e) => toast.error(e),
    );

  const erase = () => {
    setBusy(true);
    api.gdprErase(personId).then(
      () => {
        setErasing(false);
        toast.show(t("gdpr.erased"), { kind: "success" });
        navigate({ page: "people" });
      },
      (e) => toast.error(e),
    ).finally(() => setBusy(false));
  };

  const confirmed = typed.trim() === name.trim();
  return (
    <>
      <button type="button" className="button" data-testid="gdpr-export" onClick={() => void exportAll()} title={t("export.plaintextWarning")}>
        {t("gdpr.exportAll")}
      </button>
      <button type="button" className="button button-danger-quiet" data-testid="gdpr-erase" onClick={() => setErasing(true)}>
        {t("gdpr.erase")}
      </button>
      {erasing && (
        <Dialog
          title={t("gdpr.eraseTitle", { name })}
          onClose={() => setErasing(false)}
          testId="gdpr-erase-dialog"
          size="small"
          footer={
            <>
              <button type="button" className="button" onClick={() => setErasing(false)}>
                {t("common.cancel")}
              </button>
              <button type="button" className="button button-danger" data-testid="gdpr-erase-confirm" disabled={!confirmed || busy} onClick={erase}>
                {t("gdpr.eraseConfirm")}
              </button>
            </>
          }
        >
          <p>{t("gdpr.eraseBody")}</p>
          <TextField label={t("gdpr.typeName", { name })} name="erase_confirm" data-autofocus value={typed} onChange={(e) => setTyped(e.target.value)} />
        </Dialog>
      )}
    </>
  );
}
