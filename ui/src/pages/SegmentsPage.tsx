import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { Badge } from "../components/Badge";
import { EmptyState } from "../components/EmptyState";
import { Icon } from "../components/Icon";
import { SegmentCount } from "../components/PinnedSegments";
import { SegmentEditor } from "../components/SegmentEditor";
import { useToast } from "../components/Toast";
import { useQuery } from "../hooks/useQuery";
import { navigate } from "../lib/router";

/** Saved segments with their counts, pins, and the editor for a new one. */
export function SegmentsPage() {
  const { t } = useTranslation();
  const toast = useToast();
  const list = useQuery(() => api.segmentsList(), "segments", ["segment"]);
  const [creating, setCreating] = useState(false);
  const segments = list.data ?? [];

  return (
    <section className="page segments-page" data-testid="segments-page" aria-labelledby="segments-title">
      <header className="page-header">
        <div>
          <h1 id="segments-title">{t("segments.title")}</h1>
          <p className="page-subtitle">{t("segments.subtitle")}</p>
        </div>
        <div className="page-header-actions">
          <button type="button" className="button button-primary" data-testid="new-segment" onClick={() => setCreating(true)}>
            <Icon name="plus" /> {t("segments.new")}
          </button>
        </div>
      </header>
      {creating && <SegmentEditor segment={null} onSaved={(s) => navigate({ page: "segment", id: s.id })} onCancel={() => setCreating(false)} />}
      {!creating && list.data && segments.length === 0 && (
        <EmptyState
          icon="filter"
          title={t("segments.empty")}
          hint={t("segments.emptyHint")}
          action={
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              {t("segments.new")}
            </button>
          }
        />
      )}
      {segments.length > 0 && (
        <ul className="segment-list" data-testid="segment-list">
          {segments.map((s) => (
            <li key={s.id} data-testid="segment-row">
              <a href={`#/segments/${s.id}`} className="strong">
                {s.name}
              </a>
              <Badge tone={s.is_static ? "neutral" : "info"}>{t(s.is_static ? "segments.static" : "segments.dynamic")}</Badge>
              <SegmentCount segment={s} text />
              <button
                type="button"
                className="button"
                data-testid="segment-pin"
                aria-pressed={s.pinned}
                onClick={() => api.segmentsPin(s.id, !s.pinned).catch(toast.error)}
              >
                {t(s.pinned ? "segments.unpin" : "segments.pin")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
