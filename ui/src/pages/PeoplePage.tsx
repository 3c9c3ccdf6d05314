import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { LeadStatus, Lifecycle, PersonSort, ScoreBand } from "../bindings";
import { api } from "../api/client";
import { useOpenForm } from "../app/Forms";
import { BulkSelection, useTickColumn } from "../components/BulkSelection";
import { ExportMenu } from "../components/ExportMenu";
import { DataTable, pageProps } from "../components/DataTable";
import { personColumns } from "../components/PersonColumns";
import { FilterSelect, FilterText, ListEmpty, ListPage } from "../components/ListPage";
import { LEAD_STATUSES, LIFECYCLES } from "../forms/PersonForm";
import { useDebounced } from "../hooks/useDebounced";
import { useQueryList } from "../hooks/usePagedList";
import { useSelection } from "../hooks/useSelection";
import { useSort } from "../hooks/useSort";
import { useLocale } from "../i18n";
import { BANDS } from "../lib/scoring";
import { navigate } from "../lib/router";

export function PeoplePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const openForm = useOpenForm();
  const [search, setSearch] = useState("");
  const [tag, setTag] = useState("");
  const [lifecycle, setLifecycle] = useState<Lifecycle | "">("");
  const [leadStatus, setLeadStatus] = useState<LeadStatus | "">("");
  const [band, setBand] = useState<ScoreBand | "">("");
  const [sort, toggleSort] = useSort<PersonSort>("name");
  const q = useDebounced(search.trim());
  const tagQ = useDebounced(tag.trim());

  const query = {
    search: q || null,
    tag: tagQ || null,
    owner: null,
    lifecycle: lifecycle || null,
    lead_status: leadStatus || null,
    company_id: null,
    min_score: null,
    score_band: band || null,
    sort: sort.key,
    desc: sort.desc,
  };
  const list = useQueryList(query, (req) => api.peopleList(req), ["person", "company"]);
  const filtered = Boolean(q || tagQ || lifecycle || leadStatus || band);
  // "Select all" is the current filter (resolved in the core, minus the rows unticked since): a new filter
  // starts a new selection.
  const selection = useSelection();
  const filterKey = JSON.stringify([q, tagQ, lifecycle, leadStatus, band]);
  const clearSelection = selection.clear;
  useEffect(() => clearSelection(), [filterKey, clearSelection]);
  const tick = useTickColumn(selection);
  const columns = [tick, ...personColumns(t, locale)];

  return (
    <ListPage
      testId="people-page"
      title={t("nav.people")}
      countText={
        list.loading && list.rows.length === 0
          ? t("common.loading")
          : t(list.totalExact ? "people.count" : "search_totals.people_at_least", { count: list.total })
      }
      newLabel={t("person.new")}
      newTestId="new-person"
      onNew={() => openForm({ kind: "person" })}
      actions={<ExportMenu csv={{ entity: "person", query: { ...query, limit: null, cursor: null } }} />}
      search={search}
      onSearch={setSearch}
      searchPlaceholder={t("people.searchPlaceholder")}
      filters={
        <>
          <FilterSelect label={t("fields.lifecycle")} value={lifecycle} onChange={(v) => setLifecycle(v as Lifecycle | "")} options={LIFECYCLES.map((v) => ({ value: v, label: t(`lifecycle.${v}`) }))} />
          <FilterSelect label={t("fields.lead_status")} value={leadStatus} onChange={(v) => setLeadStatus(v as LeadStatus | "")} options={LEAD_STATUSES.map((v) => ({ value: v, label: t(`leadStatus.${v}`) }))} />
          <FilterSelect label={t("scoring.band.label")} value={band} onChange={(v) => setBand(v as ScoreBand | "")} options={BANDS.map((v) => ({ value: v, label: t(`scoring.band.${v}`) }))} />
          <FilterText label={t("fields.tag")} value={tag} onChange={setTag} />
        </>
      }
    >
      <BulkSelection selection={selection} total={list.total} scope={{ query: { ...query, limit: null, cursor: null } }} fileName={t("nav.people")} selectAllKey="bulk.selectAllPeople" />
      <DataTable
        label={t("nav.people")}
        {...pageProps(list)}
        columns={columns}
        rowKey={(r) => r.id}
        rowTestId="person-row"
        onOpen={(r) => navigate({ page: "person", id: r.id })}
        sort={sort}
        onSort={toggleSort}
        empty={
          <ListEmpty
            filtered={filtered}
            noMatch={t("people.noMatch")}
            icon="people"
            title={t("people.empty")}
            hint={t("people.emptyHint")}
            newLabel={t("person.new")}
            onNew={() => openForm({ kind: "person" })}
          />
        }
      />
    </ListPage>
  );
}
