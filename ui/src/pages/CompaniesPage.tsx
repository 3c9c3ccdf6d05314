import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CompanyRow, CompanySort } from "../bindings";
import { api } from "../api/client";
import { useOpenForm } from "../app/Forms";
import { ExportMenu } from "../components/ExportMenu";
import { DataTable, pageProps, type Column } from "../components/DataTable";
import { FilterText, ListEmpty, ListPage } from "../components/ListPage";
import { Tags } from "../components/Tags";
import { useDebounced } from "../hooks/useDebounced";
import { useQueryList } from "../hooks/usePagedList";
import { useSort } from "../hooks/useSort";
import { useLocale } from "../i18n";
import { formatDay } from "../lib/dates";
import { navigate } from "../lib/router";

export function CompaniesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const openForm = useOpenForm();
  const [search, setSearch] = useState("");
  const [tag, setTag] = useState("");
  const [industry, setIndustry] = useState("");
  const [sort, toggleSort] = useSort<CompanySort>("name");
  const q = useDebounced(search.trim());
  const tagQ = useDebounced(tag.trim());
  const industryQ = useDebounced(industry.trim());

  const query = { search: q || null, tag: tagQ || null, owner: null, industry: industryQ || null, sort: sort.key, desc: sort.desc };
  const list = useQueryList(query, (req) => api.companiesList(req), ["company", "person", "deal"]);
  const filtered = Boolean(q || tagQ || industryQ);
  const nf = new Intl.NumberFormat(locale);

  const columns: Column<CompanyRow>[] = [
    { id: "name", header: t("fields.name"), width: "minmax(160px, 2fr)", sort: "name", render: (r) => <span className="strong">{r.name}</span> },
    { id: "domain", header: t("fields.domain"), width: "minmax(100px, 1.3fr)", render: (r) => r.domain ?? "" },
    { id: "industry", header: t("fields.industry"), width: "minmax(90px, 1.2fr)", sort: "industry", render: (r) => r.industry ?? "" },
    { id: "size", header: t("fields.size"), width: "80px", render: (r) => (r.size ? t(`companySize.${r.size}`) : "") },
    { id: "place", header: t("fields.city"), width: "minmax(90px, 1fr)", render: (r) => [r.city, r.country].filter(Boolean).join(", ") },
    { id: "people", header: t("nav.people"), width: "84px", render: (r) => <span className="num">{nf.format(r.people_count)}</span> },
    { id: "deals", header: t("companies.openDeals"), width: "96px", render: (r) => <span className="num">{nf.format(r.open_deals_count)}</span> },
    { id: "tags", header: t("fields.tags"), width: "minmax(80px, 1fr)", render: (r) => <Tags tags={r.tags} /> },
    { id: "updated", header: t("fields.updated_at"), width: "120px", sort: "updated_at", render: (r) => formatDay(r.updated_at, locale) },
  ];

  return (
    <ListPage
      testId="companies-page"
      title={t("nav.companies")}
      countText={list.loading && list.rows.length === 0 ? t("common.loading") : t("companies.count", { count: list.total })}
      newLabel={t("company.new")}
      newTestId="new-company"
      onNew={() => openForm({ kind: "company" })}
      actions={<ExportMenu csv={{ entity: "company", query: { ...query, limit: null, cursor: null } }} />}
      search={search}
      onSearch={setSearch}
      searchPlaceholder={t("companies.searchPlaceholder")}
      filters={
        <>
          <FilterText label={t("fields.industry")} value={industry} onChange={setIndustry} />
          <FilterText label={t("fields.tag")} value={tag} onChange={setTag} />
        </>
      }
    >
      <DataTable
        label={t("nav.companies")}
        {...pageProps(list)}
        columns={columns}
        rowKey={(r) => r.id}
        rowTestId="company-row"
        onOpen={(r) => navigate({ page: "company", id: r.id })}
        sort={sort}
        onSort={toggleSort}
        empty={
          <ListEmpty
            filtered={filtered}
            noMatch={t("companies.noMatch")}
            icon="companies"
            title={t("companies.empty")}
            hint={t("companies.emptyHint")}
            newLabel={t("company.new")}
            onNew={() => openForm({ kind: "company" })}
          />
        }
      />
    </ListPage>
  );
}
