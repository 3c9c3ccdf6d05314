import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ContactChannel as Channel, LeadStatus, Lifecycle, Person } from "../bindings";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { SelectField, TextField } from "../components/Field";
import { useLocale } from "../i18n";
import { AddressSection } from "./AddressSection";
import { CustomFieldsSection } from "./CustomFieldInputs";
import { FormDialog, FormSection, useFormState } from "./FormDialog";
import { MultiValueInput } from "./MultiValueInput";
import { emailName, personFromForm, personToForm, phoneName, validatePerson, type PersonForm as Form } from "./person";
import { useCompanySuggestions } from "./useCompanySuggestions";

export const LIFECYCLES: Lifecycle[] = ["lead", "qualified", "customer", "churned"];
export const LEAD_STATUSES: LeadStatus[] = ["open", "converted", "lost"];
export const CHANNELS: Channel[] = ["email", "phone", "sms", "chat", "visit", "post"];

type Props = { id?: number; companyName?: string; onClose: () => void; onSaved: (p: Person, created: boolean) => void };

export function PersonForm({ id, companyName, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { fieldsFor, settings } = useApp();
  const defs = fieldsFor("person");
  const [original, setOriginal] = useState<Person | null>(null);
  const { form, setForm, set, errors, saving, submit, formRef } = useFormState<Form>(() =>
    id === undefined ? { ...personToForm(null, defs, settings.user_name ?? "", locale), company_name: companyName ?? "" } : null,
  );
  const companies = useCompanySuggestions(form?.company_name ?? "");

  useEffect(() => {
    if (id === undefined) return;
    api.peopleGet(id).then((p) => {
      setOriginal(p);
      setForm(personToForm(p, defs, "", locale));
    }, onClose);
    // Loaded once per opened record; later changes to defs or locale must not reset typed input.
  }, [id]);

  const text = (key: keyof Form & string, label: string, extra: object = {}) => (
    <TextField
      label={label}
      name={key}
      value={String(form?.[key] ?? "")}
      error={errors[key]}
      onChange={(e) => set(key, e.target.value as never)}
      {...extra}
    />
  );

  const onSubmit = () =>
    form &&
    submit(
      () => validatePerson(form, defs, locale, original?.external_id),
      () => {
        const input = personFromForm(form, defs, locale, original);
        return id === undefined ? api.peopleCreate(input) : api.peopleUpdate(id, input);
      },
      (p) => onSaved(p, id === undefined),
    );

  const options = (prefix: string, values: string[], emptyLabel?: string) => [
    ...(emptyLabel ? [{ value: "", label: emptyLabel }] : []),
    ...values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) })),
  ];

  return (
    <FormDialog
      title={id === undefined ? t("person.new") : t("person.edit")}
      onClose={onClose}
      onSubmit={onSubmit}
      saving={saving}
      loading={!form}
      formRef={formRef}
      size="large"
    >
      {form && (
        <>
          <FormSection>
            {text("first_name", t("fields.first_name"), { "data-autofocus": true, autoComplete: "off" })}
            {text("last_name", t("fields.last_name"), { autoComplete: "off" })}
            {text("company_name", t("fields.company_name"), { list: "company-suggestions", autoComplete: "off" })}
            <datalist id="company-suggestions">
              {companies.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
            {text("job_title", t("fields.job_title"))}
          </FormSection>
          <FormSection>
            <MultiValueInput
              legend={t("fields.emails")}
              rows={form.emails}
              onChange={(rows) => set("emails", rows, "email")}
              valueName={emailName}
              labelName={(i) => `emails.${i}.label`}
              labelOptions={["work", "home", "other"]}
              type="email"
              errors={errors}
              addText={t("person.addEmail")}
              valueLabel={t("fields.email")}
              labelLabel={t("fields.label")}
            />
            <MultiValueInput
              legend={t("fields.phones")}
              rows={form.phones}
              onChange={(rows) => set("phones", rows, "phone")}
              valueName={phoneName}
              labelName={(i) => `phones.${i}.label`}
              labelOptions={["mobile", "work", "home", "other"]}
              type="tel"
              errors={errors}
              addText={t("person.addPhone")}
              valueLabel={t("fields.phone")}
              labelLabel={t("fields.label")}
            />
          </FormSection>
          <FormSection title={t("person.sectionStatus")}>
            <SelectField label={t("fields.lifecycle")} name="lifecycle" value={form.lifecycle} options={options("lifecycle", LIFECYCLES)} onChange={(e) => set("lifecycle", e.target.value as Lifecycle)} />
            <SelectField label={t("fields.lead_status")} name="lead_status" value={form.lead_status} error={errors.lead_status} options={options("leadStatus", LEAD_STATUSES, t("common.none"))} onChange={(e) => set("lead_status", e.target.value as LeadStatus | "")} />
            {text("owner", t("fields.owner"))}
            {text("source", t("fields.source"), { placeholder: t("person.sourcePlaceholder") })}
            <SelectField label={t("fields.preferred_channel")} name="preferred_channel" value={form.preferred_channel} options={options("channel", CHANNELS, t("common.none"))} onChange={(e) => set("preferred_channel", e.target.value as Channel | "")} />
            {text("language", t("fields.language"), { placeholder: "nl, de-AT", maxLength: 16 })}
            {text("tags", t("fields.tags"), { hint: t("form.tagsHint") })}
          </FormSection>
          <AddressSection values={form} errors={errors} onChange={set} />
          <FormSection title={t("fields.socials")}>
            <MultiValueInput
              legend={t("fields.socials")}
              rows={form.socials.map((s) => ({ label: s.network, value: s.url }))}
              onChange={(rows) => set("socials", rows.map((r) => ({ network: r.label, url: r.value })))}
              valueName={(i) => `socials.${i}.url`}
              labelName={(i) => `socials.${i}.network`}
              labelOptions={["linkedin", "x", "mastodon", "website"]}
              type="url"
              errors={errors}
              addText={t("person.addSocial")}
              valueLabel={t("fields.social_url")}
              labelLabel={t("fields.social_network")}
            />
          </FormSection>
          <CustomFieldsSection defs={defs} values={form.custom} errors={errors} onChange={(k, v) => set("custom", { ...form.custom, [k]: v }, `custom.${k}`)} />
        </>
      )}
    </FormDialog>
  );
}
