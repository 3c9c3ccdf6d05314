import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PersonRow, Segment } from "../bindings";
import { api, toApiError } from "../api/client";
import { useDebounced } from "../hooks/useDebounced";
import { useQuery } from "../hooks/useQuery";
import { emptyGroup, fromFilter, nodePaths, toFilter, type GroupNode } from "../lib/segmentTree";
import { SegmentBuilder } from "./SegmentBuilder";
import { useToast } from "./Toast";

const PREVIEW = 8;

type Live = { count: number; people: PersonRow[] } | { error: { path: string; message: string } } | null;

/**
 * The segment editor: name, the builder, a live count and the first members while editing (debounced; the
 * core checks and counts), and save as dynamic or static.
 */
export function SegmentEditor({ segment, onSaved, onCancel }: { segment: Segment | null; onSaved: (s: Segment) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [name, setName] = useState(segment?.name ?? "");
  const [nameError, setNameError] = useState<string | null>(null);
  const [root, setRoot] = useState<GroupNode>(() => (segment ? fromFilter(segment.filter) : emptyGroup("all")));
  const [isStatic, setIsStatic] = useState(segment?.is_static ?? false);
  const [saving, setSaving] = useState(false);
  const [live, setLive] = useState<Live>(null);
  const fields = useQuery(() => api.segmentsFields(), "segment-fields", ["segment", "person", "deal"]);
  const filterJson = JSON.stringify(toFilter(root));
  const debounced = useDebounced(filterJson, 300);

  useEffect(() => {
    let stale = false;
    const filter = JSON.parse(debounced);
    Promise.all([api.segmentsCheck(filter), api.segmentsPreview(filter, { limit: PREVIEW })]).then(
      ([c, page]) => !stale && setLive({ count: c.count, people: page.items }),
      (e) => {
        const err = toApiError(e);
        if (!stale) setLive({ error: { path: err.field ?? "filter", message: err.message } });
      },
    );
    return () => {
      stale = true;
    };
  }, [debounced]);

  const paths = useMemo(() => nodePaths(root), [root]);
  const liveError = live && "error" in live ? live.error : null;
  const errorNode = liveError ? { id: paths.get(liveError.path) ?? root.id, message: `${t("errors.inline.invalid_value")} ${detail(liveError.message)}` } : null;

  const save = () => {
    setSaving(true);
    setNameError(null);
    const input = { name, filter: toFilter(root), is_static: isStatic, pinned: segment?.pinned ?? false };
    (segment ? api.segmentsUpdate(segment.id, input) : api.segmentsAdd(input))
      .then(onSaved, (e) => {
        const err = toApiError(e);
        if (err.field === "name") setNameError(t(`errors.inline.${err.code}`));
        else if (err.field && err.code === "invalid_value") setLive({ error: { path: err.field, message: err.message } });
        else toast.error(err);
      })
      .finally(() => setSaving(false));
  };

  return (
    <section className="segment-editor" data-testid="segment-editor" aria-label={t(segment ? "segments.edit" : "segments.new")}>
      <div className="segment-editor-main">
        <label className="field">
          <span className="field-label">{t("segments.name")}</span>
          <input type="text" data-testid="segment-name" value={name} aria-invalid={nameError !== null} onChange={(e) => setName(e.target.value)} />
          {nameError && <span className="field-error" role="alert">{nameError}</span>}
        </label>
        {fields.data ? <SegmentBuilder root={root} fields={fields.data} onChange={setRoot} error={errorNode} /> : <p className="muted">{t("common.loading")}</p>}
        <fieldset className="segment-kind">
          <legend className="field-label">{t("segments.kind")}</legend>
          {(["dynamic", "static"] as const).map((k) => (
            <label key={k} className="segment-kind-choice">
              <input type="radio" name="segment-kind" data-testid={`segment-kind-${k}`} checked={isStatic === (k === "static")} onChange={() => setIsStatic(k === "static")} />
              <span>
                <span className="strong">{t(`segments.${k}`)}</span> <span className="muted small">{t(`segments.${k}Hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="segment-editor-actions">
          <button type="button" className="button button-primary" data-testid="segment-save" disabled={saving || !name.trim()} onClick={save}>
            {saving ? t("common.saving") : t("common.save")}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        </div>
      </div>
      <aside className="segment-live" aria-live="polite">
        <p className="segment-count" data-testid="segment-live-count">
          {live === null ? t("common.loading") : "count" in live ? t("segments.matches", { count: live.count }) : t("segments.fixFilter")}
        </p>
        {live && "people" in live && (
          <ul className="segment-preview" data-testid="segment-preview">
            {live.people.map((p) => (
              <li key={p.id}>
                <span className="strong">{p.display_name}</span>
                {p.company_name && <span className="muted small"> · {p.company_name}</span>}
              </li>
            ))}
          </ul>
        )}
      </aside>
    </section>
  );
}

/** The core's message without the path it starts with ("all[1].any[0]: gt needs a number"). */
function detail(message: string): string {
  const i = message.indexOf(": ");
  return i >= 0 ? `(${message.slice(i + 2)})` : "";
}
