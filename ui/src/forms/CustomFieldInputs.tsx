import { useTranslation } from "react-i18next";
import type { CustomFieldDef } from "../bindings";
import type { FieldErrors } from "../api/errors";
import { CheckboxField, SelectField, TextField } from "../components/Field";
import type { CustomForm } from "./common";
import { FormSection } from "./FormDialog";

type Props = {
  defs: CustomFieldDef[];
  values: CustomForm;
  errors: FieldErrors;
  onChange: (key: string, value: string | boolean) => void;
};

/** Inputs for the user's own fields, named `custom.<key>` so core errors find them. */
export function CustomFieldInputs({ defs, values, errors, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {defs.map((def) => {
        const name = `custom.${def.key}`;
        const value = values[def.key];
        const common = { label: def.label, name, error: errors[name] };
        switch (def.kind) {
          case "boolean":
            return <CheckboxField key={def.id} label={def.label} name={name} checked={value === true} onChange={(v) => onChange(def.key, v)} />;
          case "choice":
            return (
              <SelectField
                key={def.id}
                {...common}
                value={typeof value === "string" ? value : ""}
                onChange={(e) => onChange(def.key, e.target.value)}
                options={[{ value: "", label: t("common.none") }, ...def.choices.map((c) => ({ value: c, label: c }))]}
              />
            );
          case "date":
            return <TextField key={def.id} {...common} type="date" value={String(value ?? "")} onChange={(e) => onChange(def.key, e.target.value)} />;
          case "number":
            return <TextField key={def.id} {...common} inputMode="decimal" value={String(value ?? "")} onChange={(e) => onChange(def.key, e.target.value)} />;
          default:
            return <TextField key={def.id} {...common} value={String(value ?? "")} onChange={(e) => onChange(def.key, e.target.value)} />;
        }
      })}
    </>
  );
}

/** The form section holding the user's own fields; absent when there are none. */
export function CustomFieldsSection({ defs, values, errors, onChange }: Props) {
  const { t } = useTranslation();
  if (defs.length === 0) return null;
  return (
    <FormSection title={t("customFields.title")}>
      <CustomFieldInputs defs={defs} values={values} errors={errors} onChange={onChange} />
    </FormSection>
  );
}
