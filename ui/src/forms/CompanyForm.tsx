import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { Company, CompanySize } from "../bindings";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { SelectField, TextField } from "../components/Field";
import { useLocale } from "../i18n";
import { AddressSection } from "./AddressSection";
import { CustomFieldsSection } from "./CustomFieldInputs";
import { COMPANY_SIZES, companyFromForm, companyToForm, validateCompany, type CompanyForm as Form } from "./company";
import { FormDialog, FormSection, useFormState } from "./FormDialog";

type Props = { id?: number; onClose: () => void; onSaved: (c: Company, created: boolean) => void };

export function CompanyForm({ id, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { fieldsFor, settings } = useApp();
  const defs = fieldsFor("company");
  const { form, setForm, set, errors, saving, submit, formRef } = useFormState<Form>(id === undefined ? companyToForm(null, defs, settings.user_name ?? "", locale) : null);

  useEffect(() => {
    if (id !== undefined) api.companiesGet(id).then((c) => setForm(companyToForm(c, defs, "", locale)), onClose);
    // Loaded once per opened record so later re-renders never reset what was typed.
  }, [id]);

  const text = (key: "name" | "domain" | "industry" | "phone" | "website" | "owner" | "tags", extra: object = {}) => (
    <TextField label={t(`fields.${key}`)} name={key} value={form?.[key] ?? ""} error={errors[key]} onChange={(e) => set(key, e.target.value)} {...extra} />
  );

  const onSubmit = () =>
    form &&
    submit(
      () => validateCompany(form, defs, locale),
      () => {
        const input = companyFromForm(form, defs, locale);
        return id === undefined ? api.companiesCreate(input) : api.companiesUpdate(id, input);
      },
      (c) => onSaved(c, id === undefined),
    );

  return (
    <FormDialog title={id === undefined ? t("company.new") : t("company.edit")} onClose={onClose} onSubmit={onSubmit} saving={saving} loading={!form} formRef={formRef} size="large">
      {form && (
        <>
          <FormSection>
            {text("name", { "data-autofocus": true, autoComplete: "off" })}
            {text("domain", { placeholder: "example.com" })}
            {text("industry")}
            <SelectField
              label={t("fields.size")}
              name="size"
              value={form.size}
              options={[{ value: "", label: t("common.none") }, ...COMPANY_SIZES.map((s) => ({ value: s, label: t(`companySize.${s}`) }))]}
              onChange={(e) => set("size", e.target.value as CompanySize | "")}
            />
            {text("phone", { type: "tel" })}
            {text("website", { type: "url", placeholder: "https://" })}
            {text("owner")}
            {text("tags", { hint: t("form.tagsHint") })}
          </FormSection>
          <AddressSection values={form} errors={errors} onChange={set} />
          <CustomFieldsSection defs={defs} values={form.custom} errors={errors} onChange={(k, v) => set("custom", { ...form.custom, [k]: v }, `custom.${k}`)} />
        </>
      )}
    </FormDialog>
  );
}
