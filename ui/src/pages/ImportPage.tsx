// The import wizard: pick a file, check the preview and the column mapping, choose what happens to
// duplicates, watch the progress (cancellable), then see the result with its rejected rows.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Channel } from "@tauri-apps/api/core";
import type { ColumnMapping, ColumnTarget, DuplicatePolicy, ImportEntity, ImportPreview, ImportProgress, ImportReport, SignupOptions } from "../bindings";
import { api } from "../api/client";
import { SelectField, TextField } from "../components/Field";
import { SearchIndexStatus, useSearchIndexProgress } from "../components/SearchIndexStatus";
import { NO_SIGNUP_OPTIONS, SignupOptionsFields, SignupResult } from "../components/SignupImport";
import { orderChoices, orderOptions, OrderOptionsFields, OrderResult, type OrderChoices } from "../components/OrderImport";
import { useApp } from "../app/AppState";
import { useToast } from "../components/Toast";
import { useQuery } from "../hooks/useQuery";
import { useLocale } from "../i18n";
import { formatDayTime } from "../lib/dates";
import { importFieldLabel } from "../lib/labels";

const ENTITIES: ImportEntity[] = ["people", "leads", "signups", "companies", "deals", "activities", "orders"];
const POLICIES: DuplicatePolicy[] = ["skip", "update", "create"];
const SHOWN_ERRORS = 200;

/** A mapping target as one select value: `field:email`, `custom`, `ignore`. */
function targetValue(t: ColumnTarget): string {
  return t.kind === "field" ? `field:${t.value}` : t.kind;
}

function targetOf(value: string, column: string): ColumnTarget {
  if (value.startsWith("field:")) return { kind: "field", value: value.slice(6) };
  return value === "custom" ? { kind: "custom", value: column } : { kind: "ignore" };
}

export function ImportPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const [path, setPath] = useState("");
  const [entity, setEntity] = useState<ImportEntity>("people");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping[]>([]);
  const [policy, setPolicy] = useState<DuplicatePolicy>("skip");
  const [signups, setSignups] = useState<SignupOptions>(NO_SIGNUP_OPTIONS);
  const { settings } = useApp();
  const [orders, setOrders] = useState<OrderChoices>(() => orderChoices(settings.default_currency));
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [savePath, setSavePath] = useState("");
  const [indexing, resetIndexing] = useSearchIndexProgress();
  const n = (count: number) => count.toLocaleString(locale);
  const batches = useQuery(() => api.importBatchesList(), "import-batches", ["person", "company", "deal", "activity"]);

  const loadPreview = async () => {
    setReport(null);
    try {
      const p = await api.importPreview(path.trim(), null, entity);
      setPreview(p);
      setMapping(p.mapping);
    } catch (e) {
      setPreview(null);
      toast.error(e);
    }
  };

  const start = async () => {
    const channel = new Channel<ImportProgress>();
    channel.onmessage = setProgress;
    setRunning(true);
    setProgress(null);
    resetIndexing();
    try {
      const options = { format: preview?.format ?? null, entity, mappings: mapping, unmapped_as_custom: true, on_duplicate: policy, dry_run: false, rejected_csv: null, ...(entity === "signups" ? { signups } : {}), ...(entity === "orders" ? orderOptions(orders) : {}) };
      const r = await api.importRun(path.trim(), options, channel);
      setReport(r);
      if (r.cancelled) toast.show(t("import.cancelled"));
      batches.reload();
    } catch (e) {
      toast.error(e);
    } finally {
      setRunning(false);
    }
  };

  const undo = async (batchId: number) => {
    try {
      const u = await api.importUndo(batchId);
      toast.show(t("import.undone", { deleted: u.deleted, restored: u.restored }), { kind: "success" });
      batches.reload();
    } catch (e) {
      toast.error(e);
    }
  };

  const saveRejected = async (to: string) => {
    try {
      await api.importSaveRejected(to);
      toast.show(t("import.rejectedSaved", { path: to }), { kind: "success" });
    } catch (e) {
      toast.error(e);
    }
  };

  // The native dialog answers null when the user cancels; a typed path stays possible beside it.
  const browse = async () => {
    try {
      const picked = await api.pickFile("import_source", null);
      if (picked) {
        setPath(picked);
        setPreview(null);
        setReport(null);
      }
    } catch (e) {
      toast.error(e);
    }
  };

  const saveRejectedAs = async () => {
    try {
      const picked = await api.pickFile("save_rejected_rows", null);
      if (picked) await saveRejected(picked);
    } catch (e) {
      toast.error(e);
    }
  };

  const targetOptions = [
    ...(preview?.fields ?? []).map((f) => ({ value: `field:${f}`, label: importFieldLabel(t, f) })),
    ...(entity === "activities" || entity === "orders" ? [] : [{ value: "custom", label: t("import.newCustomField") }]),
    { value: "ignore", label: t("import.ignore") },
  ];

  return (
    <section className="page import-page" data-testid="import-page">
      <header className="page-header">
        <div>
          <h1>{t("import.title")}</h1>
          <p className="page-subtitle">{t("import.subtitle")}</p>
        </div>
      </header>

      <div className="import-pick">
        <TextField label={t("import.file")} name="path" value={path} hint={t("import.fileHint")} onChange={(e) => setPath(e.target.value)} />
        <button type="button" className="button" disabled={running} onClick={browse} data-testid="import-browse">
          {t("import.browse")}
        </button>
        <SelectField label={t("import.entity")} name="entity" value={entity} onChange={(e) => setEntity(e.target.value as ImportEntity)} options={ENTITIES.map((v) => ({ value: v, label: t(`import.entities.${v}`) }))} />
        <button type="button" className="button" disabled={!path.trim() || running} onClick={loadPreview} data-testid="import-preview">
          {t("import.preview")}
        </button>
      </div>

      {preview && (
        <>
          <p className="import-detected" data-testid="import-detected">
            {t("import.detected", { encoding: preview.encoding ?? "—", delimiter: preview.delimiter === "\t" ? "Tab" : (preview.delimiter ?? "—") })}
          </p>
          <div className="import-preview-table">
            <table className="simple-table">
              <thead>
                <tr>
                  {preview.headers.map((h, i) => (
                    <th key={i} scope="col">
                      <span className="import-header">{h}</span>
                      <SelectField
                        label={t("import.mapColumn", { column: h })}
                        hideLabel
                        name={`mapping.${i}`}
                        value={mapping[i] ? targetValue(mapping[i].target) : "ignore"}
                        options={targetOptions}
                        onChange={(e) => setMapping((m) => m.map((x, j) => (j === i ? { column: x.column, target: targetOf(e.target.value, x.column) } : x)))}
                      />
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.slice(0, 8).map((row, r) => (
                  <tr key={r}>
                    {preview.headers.map((_, c) => (
                      <td key={c}>{row[c] ?? ""}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {entity === "signups" && <SignupOptionsFields value={signups} onChange={setSignups} />}
          {entity === "orders" && <OrderOptionsFields value={orders} onChange={setOrders} />}
          <div className="import-run">
            {/* An order's invoice number already stored is always skipped (the result says how many lines). */}
            {entity !== "orders" && (
              <SelectField label={t("import.duplicates")} name="on_duplicate" value={policy} onChange={(e) => setPolicy(e.target.value as DuplicatePolicy)} options={POLICIES.map((p) => ({ value: p, label: t(`import.policies.${p}`) }))} />
            )}
            <button type="button" className="button button-primary" disabled={running} onClick={start} data-testid="import-start">
              {t("import.start")}
            </button>
          </div>
        </>
      )}

      {running && (
        <div className="import-progress" role="status" data-testid="import-progress">
          <progress max={1} value={progress?.fraction ?? 0} aria-label={t("import.progress")} />
          <span>
            {t("import.progressText", {
              rows: (progress?.rows_done ?? 0).toLocaleString(locale),
              rate: Math.round(progress?.rows_per_sec ?? 0).toLocaleString(locale),
              eta: progress?.eta_secs == null ? "—" : Math.ceil(progress.eta_secs).toLocaleString(locale),
            })}
          </span>
          <button type="button" className="button" onClick={() => void api.importCancel()} data-testid="import-cancel">
            {t("common.cancel")}
          </button>
        </div>
      )}

      {report && !report.cancelled && (
        <div className="import-result" data-testid="import-result">
          <h2>{t("import.result")}</h2>
          <p>{t("import.summary", { created: n(report.created), updated: n(report.updated), skipped: n(report.skipped), rejected: n(report.errors.length) })}</p>
          {report.signups && <SignupResult stats={report.signups} />}
          {report.orders && <OrderResult stats={report.orders} />}
          {report.search_pending > 0 && <SearchIndexStatus pending={report.search_pending} progress={indexing} />}
          {report.warnings.length > 0 && (
            <div className="import-warnings" data-testid="import-warnings">
              <h3>{t("import.warnings", { count: report.warnings.length })}</h3>
              <ul>
                {report.warnings.slice(0, SHOWN_ERRORS).map((w) => (
                  <li key={w.row} data-testid="import-warning-row">
                    {w.field === "address.country" ? t("import.unknownCountry", { row: w.row, value: w.value ?? "" }) : `${w.row}: ${w.message}`}
                  </li>
                ))}
              </ul>
              {report.warnings.length > SHOWN_ERRORS && <p>{t("import.moreWarnings", { count: report.warnings.length - SHOWN_ERRORS })}</p>}
            </div>
          )}
          {report.errors.length > 0 && (
            <>
              <table className="simple-table">
                <thead>
                  <tr>
                    <th scope="col">{t("import.row")}</th>
                    <th scope="col">{t("import.field")}</th>
                    <th scope="col">{t("import.reason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.errors.slice(0, SHOWN_ERRORS).map((e) => (
                    <tr key={e.row} data-testid="import-error-row">
                      <td>{e.row}</td>
                      <td>{e.field ? importFieldLabel(t, e.field) : ""}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {report.errors.length > SHOWN_ERRORS && <p>{t("import.moreErrors", { count: report.errors.length - SHOWN_ERRORS })}</p>}
              <div className="import-save">
                <TextField label={t("import.saveRejectedTo")} name="rejected_path" value={savePath} onChange={(e) => setSavePath(e.target.value)} />
                <button type="button" className="button" disabled={!savePath.trim()} onClick={() => saveRejected(savePath.trim())} data-testid="import-save-rejected">
                  {t("import.saveRejected")}
                </button>
                <button type="button" className="button" onClick={saveRejectedAs}>
                  {t("import.saveRejectedAs")}
                </button>
              </div>
            </>
          )}
        </div>
      )}

      <h2>{t("import.history")}</h2>
      {(batches.data ?? []).length === 0 ? (
        <p className="page-subtitle">{t("import.noHistory")}</p>
      ) : (
        <table className="simple-table">
          <thead>
            <tr>
              <th scope="col">{t("import.file")}</th>
              <th scope="col">{t("import.entity")}</th>
              <th scope="col">{t("import.when")}</th>
              <th scope="col">{t("import.counts")}</th>
              <th scope="col"><span className="sr-only">{t("import.actions")}</span></th>
            </tr>
          </thead>
          <tbody>
            {(batches.data ?? []).map((b) => (
              <tr key={b.id} data-testid="import-batch">
                <td className="strong">{b.file_name}</td>
                <td>{t(`import.entities.${b.entity}`)}</td>
                <td>{formatDayTime(b.created_at, locale)}</td>
                <td>{t("import.batchCounts", { created: b.created, updated: b.updated })}</td>
                <td>
                  {b.undone_at == null ? (
                    <button type="button" className="button button-danger-quiet" onClick={() => undo(b.id)}>
                      {t("import.undo")}
                    </button>
                  ) : (
                    t("import.undoneAt", { when: formatDayTime(b.undone_at, locale) })
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
