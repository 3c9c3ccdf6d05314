import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CsvQuery, ExportFormat } from "../bindings";
import { api } from "../api/client";
import { Dialog } from "./Dialog";
import { Icon } from "./Icon";
import { useToast } from "./Toast";

const FORMATS: ExportFormat[] = ["csv", "vcard", "ics", "json"];
/** A view of people (a segment) exports its own rows only. */
const VIEW_FORMATS: ExportFormat[] = ["csv", "vcard"];

/**
 * Export button for a list page: a CSV of exactly the current view (its filters and sort), all people as
 * vCard, the follow-ups as a calendar feed, or everything as JSON. The core writes the file into the
 * data dir's exports/ folder (the app has no file dialog) and the toast shows where. With `vcardOfView` (its
 * label) the menu exports only the view: its CSV and its people as vCard.
 */
export function ExportMenu({ csv, vcardOfView }: { csv: CsvQuery; vcardOfView?: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<ExportFormat | null>(null);

  const run = (format: ExportFormat) => {
    setBusy(format);
    api.exportFile(format, format === "csv" || (format === "vcard" && vcardOfView) ? csv : null).then(
      (r) => {
        setOpen(false);
        toast.show(t("export.written", { count: r.count, path: r.path }), { kind: "success" });
      },
      (e) => toast.error(e),
    ).finally(() => setBusy(null));
  };

  return (
    <>
      <button type="button" className="button" data-testid="export-open" onClick={() => setOpen(true)}>
        <Icon name="note" /> {t("export.button")}
      </button>
      {open && (
        <Dialog title={t("export.title")} onClose={() => setOpen(false)} testId="export-dialog" size="small">
          <p className="export-warning" role="note" data-testid="export-warning">
            {t("export.plaintextWarning")}
          </p>
          <div className="export-options">
            {(vcardOfView ? VIEW_FORMATS : FORMATS).map((f) => (
              <button key={f} type="button" className="button export-option" data-testid={`export-${f}`} disabled={busy !== null} onClick={() => run(f)}>
                <span className="strong">{f === "vcard" && vcardOfView ? vcardOfView : t(`export.format.${f}`)}</span>
                <span className="muted small">{busy === f ? t("export.working") : t(`export.hint.${f}`)}</span>
              </button>
            ))}
          </div>
        </Dialog>
      )}
    </>
  );
}
