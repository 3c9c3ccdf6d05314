import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { useOpenForm } from "../app/Forms";
import { Badge, LeadStatusBadge, LifecycleBadge } from "../components/Badge";
import { AddTaskButton, FieldList, IconFact, RecordLayout, RecordNotFound, SideSection } from "../components/RecordLayout";
import { ConsentPanel } from "../components/ConsentPanel";
import { EnrichPanel } from "../components/EnrichPanel";
import { PersonOutbox } from "../components/PersonOutbox";
import { PurchasesPanel } from "../components/PurchasesPanel";
import { SuggestionsPanel } from "../components/SuggestionsPanel";
import { PersonTickets } from "./tickets/PersonTickets";
import { SendEmailButton } from "../components/SendEmailButton";
import { GdprActions } from "../components/GdprActions";
import { CustomFieldsView, RelatedDeals, RelatedTasks } from "../components/Related";
import { ExternalLink } from "../components/ExternalLink";
import { PhoneLink } from "../components/PhoneLink";
import { Icon } from "../components/Icon";
import { LeadScore } from "../components/LeadScore";
import { Tags } from "../components/Tags";
import { useQuery } from "../hooks/useQuery";
import { useTrashRecord } from "../hooks/useTrashRecord";
import { useLocale } from "../i18n";
import { formatDateTime } from "../lib/dates";
import { formatAddress, valueLabel } from "../lib/labels";
import { navigate, recordHref } from "../lib/router";

export function PersonPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const openForm = useOpenForm();
  const trash = useTrashRecord();
  const { fieldsFor } = useApp();
  const q = useQuery(() => api.peopleGet(id), String(id), ["person", "company"]);
  const p = q.data;
  const bounces = useQuery(() => api.mailBouncesForPerson(id), `bounces-${id}`, ["mail", "person"]).data ?? [];
  const bounced = (address: string) => bounces.find((b) => b.address.toLowerCase() === address.toLowerCase());

  if (q.error && !p) {
    return <RecordNotFound testId="person-detail" icon="people" backHref="#/people" backLabel={t("nav.people")} />;
  }

  const name = p ? p.display_name : null;
  const email = p?.emails[0]?.value;
  const phone = p?.phones[0]?.value;
  const address = p ? formatAddress(p.address) : "";
  const callTarget = { personId: id, companyId: null, name: name ?? "" };
  const taskLinks = p ? { person: { id: p.id, title: name ?? "" }, ...(p.company_id ? { company: { id: p.company_id, title: p.company_name ?? "" } } : {}) } : {};

  return (
    <RecordLayout
      testId="person-detail"
      entity="person"
      backHref="#/people"
      backLabel={t("nav.people")}
      title={name}
      badges={
        p && (
          <>
            <LifecycleBadge value={p.lifecycle} />
            {p.lead_status && <LeadStatusBadge value={p.lead_status} />}
          </>
        )
      }
      facts={
        p && (
          <>
            {(p.job_title || p.company_name) && (
              <span>
                {p.job_title}
                {p.job_title && p.company_id ? ` · ` : ""}
                {p.company_id && <a href={recordHref("company", p.company_id)!}>{p.company_name}</a>}
              </span>
            )}
            {email && <IconFact icon="email">{email}</IconFact>}
            {phone && (
              <IconFact icon="call">
                <PhoneLink number={phone} target={callTarget} />
              </IconFact>
            )}
          </>
        )
      }
      actions={
        <>
          <SendEmailButton target={p ? { personId: id, name: name ?? "", emails: p.emails.map((e) => e.value) } : null} bounces={bounces} />
          <AddTaskButton links={taskLinks} />
          <button type="button" className="button" data-testid="start-cadence" disabled={!p} onClick={() => openForm({ kind: "cadence", person: { id, title: name ?? "" } })}>
            <Icon name="repeat" /> {t("cadences.start")}
          </button>
          {p && <GdprActions personId={id} name={name ?? ""} />}
        </>
      }
      onEdit={() => openForm({ kind: "person", id })}
      onDelete={() => p && trash("person", id, name ?? "", () => api.peopleDelete(id), () => navigate({ page: "people" }), () => navigate({ page: "person", id }))}
      target={{ person_id: id, company_id: null, deal_id: null }}
      callTarget={p ? callTarget : null}
      side={
        p && (
          <>
            <SideSection title={t("record.details")}>
              <FieldList
                items={[
                  [
                    t("fields.emails"),
                    p.emails.map((e) => {
                      const b = bounced(e.value);
                      return (
                        <div key={e.value}>
                          {e.value} <span className="muted">{valueLabel(t, e.label)}</span>{" "}
                          {b && (
                            <span data-testid="bounce-mark" title={t("mail.bouncedAt", { when: formatDateTime(b.bounced_at, locale), status: b.status ?? "" })}>
                              <Badge tone="danger">{t("mail.bounced")}</Badge>
                            </span>
                          )}
                        </div>
                      );
                    }),
                  ],
                  [t("fields.phones"), p.phones.map((e) => (
                    <div key={e.value}>
                      <PhoneLink number={e.value} target={callTarget} /> <span className="muted">{valueLabel(t, e.label)}</span>
                      {p.unparsed_phones?.includes(e.value) && <> <span className="badge badge-warning" data-testid="phone-unparsed">{t("fields.phone_unparsed")}</span></>}
                    </div>
                  ))],
                  [t("fields.address"), address],
                  [t("fields.socials"), p.socials.map((s) => <div key={s.url}><span className="muted">{s.network}</span> <ExternalLink url={s.url} /></div>)],
                  [t("fields.owner"), p.owner],
                  [t("fields.source"), p.source],
                  [t("fields.preferred_channel"), p.preferred_channel ? t(`channel.${p.preferred_channel}`) : null],
                  [t("fields.language"), p.language],
                  [t("fields.tags"), p.tags.length ? <Tags tags={p.tags} /> : null],
                  [t("fields.created_at"), formatDateTime(p.created_at, locale)],
                  [t("fields.updated_at"), formatDateTime(p.updated_at, locale)],
                ]}
              />
            </SideSection>
            <EnrichPanel
              personId={id}
              isEmpty={(field) =>
                ({ first_name: !p.first_name, last_name: !p.last_name, company_name: !p.company_id, country: !p.address.country, language: !p.language })[field] ?? false
              }
            />
            <PurchasesPanel personId={id} companyId={null} />
            <SuggestionsPanel personId={id} />
            <PersonOutbox personId={id} />
            <PersonTickets personId={id} name={name ?? ""} />
            {p.lead_status && <LeadScore personId={id} />}
            <CustomFieldsView defs={fieldsFor("person")} values={p.custom} />
            <ConsentPanel personId={id} />
            <RelatedTasks link={{ person_id: id }} except="person" newSpec={{ kind: "task", links: taskLinks }} />
            <RelatedDeals
              link={{ person_id: id }}
              newSpec={{ kind: "deal", defaults: { person_id: id, person_title: name ?? "", company_id: p.company_id, company_title: p.company_name ?? "" } }}
            />
          </>
        )
      }
    />
  );
}
