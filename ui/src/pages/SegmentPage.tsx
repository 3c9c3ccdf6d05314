import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { PersonSort } from "../bindings";
import { api } from "../api/client";
import { Badge } from "../components/Badge";
import { BulkSelection, useTickColumn } from "../components/BulkSelection";
import { DataTable, pageProps } from "../components/DataTable";
import { ConfirmDeleteDialog } from "../components/Dialog";
import { EmptyState } from "../components/EmptyState";
import { ExportMenu } from "../components/ExportMenu";
import { ListPage } from "../components/ListPage";
import { personColumns } from "../components/PersonColumns";
import { SEGMENT_TOPICS } from "../components/PinnedSegments";
import { SegmentEditor } from "../components/SegmentEditor";
import { useToast } from "../components/Toast";
import { useDebounced } from "../hooks/useDebounced";
import { useQueryList } from "../hooks/usePagedList";
import { useQuery } from "../hooks/useQuery";
import { useSelection } from "../hooks/useSelection";
import { useSort } from "../hooks/useSort";
import { useLocale } from "../i18n";
import { navigate } from "../lib/router";

/**
 * A segment opened as a people list: its members with the list's sort and search, a checkbox per row (or the
 * whole segment, resolved in the core) with the bulk bar, edit, pin and delete.
 */
export function SegmentPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const toast = useToast();
  const [search, setSearch] = useState("");
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [sort, toggleSort] = useSort<PersonSort>("name");
  const q = useDebounced(search.trim());
  const segments = useQuery(() => api.segmentsList(), "segments", ["segment"]);
  const segment = segments.data?.find((s) => s.id === id);
  const count = useQuery(() => api.segmentsCount(id), `segment-count-${id}-${segment?.updated_at ?? 0}`, SEGMENT_TOPICS);
  const query = { search: q || null, sort: sort.key, desc: sort.desc };
  const list = useQueryList({ ...query, updated: segment?.updated_at ?? 0 }, ({ updated: _, ...req }) => api.segmentsMembers(id, req), SEGMENT_TOPICS);
  const selection = useSelection();
  const total = count.data?.count ?? list.total;
  const tick = useTickColumn(selection);

  if (segments.data && !segment) return <EmptyState icon="filter" title={t("segments.gone")} hint={t("segments.goneHint")} />;
  const countText = count.data ? t("segments.matches", { count: count.data.count }) : t("common.loading");

  return (
    <ListPage
      testId="segment-page"
      title={segment?.name ?? t("segments.title")}
      countText={countText}
      newLabel={t("segments.edit")}
      newTestId="segment-edit"
      newIcon="edit"
      newKey="e"
      onNew={() => setEditing(true)}
      actions={
        segment && (
          <>
            <Badge tone={segment.is_static ? "neutral" : "info"}>{t(segment.is_static ? "segments.static" : "segments.dynamic")}</Badge>
            <button type="button" className="button" data-testid="segment-pin" aria-pressed={segment.pinned} onClick={() => api.segmentsPin(id, !segment.pinned).catch(toast.error)}>
              {t(segment.pinned ? "segments.unpin" : "segments.pin")}
            </button>
            <ExportMenu csv={{ entity: "person", query: { ...query, segment_id: id, limit: null, cursor: null } }} vcardOfView={t("segments.exportVcard")} />
            <button type="button" className="button" data-testid="segment-delete" onClick={() => setDeleting(true)}>
              {t("common.delete")}
            </button>
          </>
        )
      }
      search={search}
      onSearch={setSearch}
      searchPlaceholder={t("people.searchPlaceholder")}
    >
      {segment && <BulkSelection selection={selection} total={total} scope={{ segment_id: id }} fileName={segment.name} />}
      {editing && segment && <SegmentEditor segment={segment} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />}
      <DataTable
        label={segment?.name ?? t("segments.title")}
        {...pageProps(list)}
        columns={[tick, ...personColumns(t, locale)]}
        rowKey={(r) => r.id}
        rowTestId="person-row"
        onOpen={(r) => navigate({ page: "person", id: r.id })}
        sort={sort}
        onSort={toggleSort}
        empty={<EmptyState icon="people" title={t(q ? "people.noMatch" : "segments.noMembers")} hint={q ? t("common.noMatchHint") : t("segments.noMembersHint")} />}
      />
      {deleting && segment && (
        <ConfirmDeleteDialog
          title={t("segments.deleteTitle")}
          message={t("segments.deleteMessage", { name: segment.name })}
          onClose={() => setDeleting(false)}
          onConfirm={() =>
            api.segmentsRemove(id).then(
              () => navigate({ page: "segments" }),
              (e) => toast.error(e),
            )
          }
        />
      )}
    </ListPage>
  );
}
