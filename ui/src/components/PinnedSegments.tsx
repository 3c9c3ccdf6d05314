import { useTranslation } from "react-i18next";
import type { Segment, Topic } from "../bindings";
import { api } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import type { Route } from "../lib/router";
import { Icon } from "./Icon";

/** What a segment's members can depend on: a change to any of these may change its count. */
export const SEGMENT_TOPICS: Topic[] = ["segment", "person", "company", "deal", "activity", "ticket", "order"];

/** The pinned segments in the navigation, each with its count. */
export function PinnedSegments({ route }: { route: Route }) {
  const { t } = useTranslation();
  const list = useQuery(() => api.segmentsList(), "segments", ["segment"]);
  const pinned = (list.data ?? []).filter((s) => s.pinned);
  if (pinned.length === 0) return null;
  return (
    <ul aria-label={t("segments.pinned")} data-testid="pinned-segments">
      {pinned.map((s) => {
        const current = route.page === "segment" && route.id === s.id;
        return (
          <li key={s.id}>
            <a href={`#/segments/${s.id}`} className={`nav-item ${current ? "is-current" : ""}`} aria-current={current ? "page" : undefined} data-testid="nav-segment" title={s.name}>
              <Icon name="filter" />
              <span className="nav-label">{s.name}</span>
              <SegmentCount segment={s} />
            </a>
          </li>
        );
      })}
    </ul>
  );
}

/** A segment's live count: a bubble in the navigation, or written out ("2 people match") with `text`. */
export function SegmentCount({ segment, text }: { segment: Segment; text?: boolean }) {
  const { t } = useTranslation();
  const count = useQuery(() => api.segmentsCount(segment.id), `segment-count-${segment.id}-${segment.updated_at}`, SEGMENT_TOPICS);
  if (count.data === undefined) return null;
  if (text) {
    return (
      <span className="muted small" data-testid="segment-count">
        {t("segments.matches", { count: count.data.count })}
      </span>
    );
  }
  return (
    <span className="nav-count" aria-label={t("segments.matches", { count: count.data.count })} data-testid="segment-count">
      {count.data.count}
    </span>
  );
}
