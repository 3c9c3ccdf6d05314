import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { useOpenForm } from "../app/Forms";
import { ExternalLink } from "../components/ExternalLink";
import { PurchasesPanel } from "../components/PurchasesPanel";
import { PhoneLink } from "../components/PhoneLink";
import { AddTaskButton, FieldList, IconFact, RecordLayout, RecordNotFound, SideSection } from "../components/RecordLayout";
import { CustomFieldsView, RelatedDeals, RelatedPeople, RelatedTasks } from "../components/Related";
import { SendEmailButton } from "../components/SendEmailButton";
import { Tags } from "../components/Tags";
import { useQuery } from "../hooks/useQuery";
import { useTrashRecord } from "../hooks/useTrashRecord";
import { useLocale } from "../i18n";
import { formatDateTime } from "../lib/dates";
import { formatAddress } from "../lib/labels";
import { navigate } from "../lib/router";

export function CompanyPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const openForm = useOpenForm();
  const trash = useTrashRecord();
  const { fieldsFor } = useApp();
  const q = useQuery(() => api.companiesGet(id), String(id), ["company"]);
  const c = q.data;

  if (q.error && !c) {
    return <RecordNotFound testId="company-detail" icon="companies" backHref="#/companies" backLabel={t("nav.companies")} />;
  }

  const address = c ? formatAddress(c.address) : "";
  const taskLinks = c ? { company: { id: c.id, title: c.name } } : {};

  return (
    <RecordLayout
      testId="company-detail"
      entity="company"
      backHref="#/companies"
      backLabel={t("nav.companies")}
      title={c ? c.name : null}
      facts={
        c && (
          <>
            {c.industry && <span className="fact">{c.industry}</span>}
            {c.size && <span className="fact">{t(`companySize.${c.size}`)}</span>}
            {c.domain && <span className="fact">{c.domain}</span>}
            {c.phone && (
              <IconFact icon="call">
                <PhoneLink number={c.phone} target={{ personId: null, companyId: c.id, name: c.name }} />
              </IconFact>
            )}
          </>
        )
      }
      actions={
        <>
          <SendEmailButton companyId={id} />
          <AddTaskButton links={taskLinks} />
        </>
      }
      onEdit={() => openForm({ kind: "company", id })}
      onDelete={() => c && trash("company", id, c.name, () => api.companiesDelete(id), () => navigate({ page: "companies" }), () => navigate({ page: "company", id }))}
      target={{ person_id: null, company_id: id, deal_id: null }}
      callTarget={c ? { personId: null, companyId: c.id, name: c.name } : null}
      side={
        c && (
          <>
            <SideSection title={t("record.details")}>
              <FieldList
                items={[
                  [t("fields.website"), c.website ? <ExternalLink url={c.website} /> : null],
                  [t("fields.address"), address],
                  [t("fields.owner"), c.owner],
                  [t("fields.tags"), c.tags.length ? <Tags tags={c.tags} /> : null],
                  [t("fields.created_at"), formatDateTime(c.created_at, locale)],
                  [t("fields.updated_at"), formatDateTime(c.updated_at, locale)],
                ]}
              />
            </SideSection>
            <CustomFieldsView defs={fieldsFor("company")} values={c.custom} />
            <PurchasesPanel personId={null} companyId={id} />
            <RelatedPeople companyId={id} companyName={c.name} />
            <RelatedDeals link={{ company_id: id }} newSpec={{ kind: "deal", defaults: { company_id: id, company_title: c.name } }} />
            <RelatedTasks link={{ company_id: id }} except="company" newSpec={{ kind: "task", links: taskLinks }} />
          </>
        )
      }
    />
  );
}
