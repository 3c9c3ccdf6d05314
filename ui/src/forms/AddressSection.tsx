import { useTranslation } from "react-i18next";
import type { FieldErrors } from "../api/errors";
import { TextField } from "../components/Field";
import { ADDRESS_KEYS, type AddressForm } from "./common";
import { FormSection } from "./FormDialog";

type Props = {
  values: AddressForm;
  errors: FieldErrors;
  /** `name` is the input's name, `address.<key>`, under which its error shows. */
  onChange: (key: keyof AddressForm, value: string, name: string) => void;
};

/** The address inputs of a person or company form, named `address.<key>` so core errors find them. */
export function AddressSection({ values, errors, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <FormSection title={t("fields.address")}>
      {ADDRESS_KEYS.map((key) => {
        const name = `address.${key}`;
        return (
          <TextField
            key={key}
            label={t(`fields.${key}`)}
            name={name}
            value={values[key]}
            error={errors[name]}
            onChange={(e) => onChange(key, e.target.value, name)}
            maxLength={key === "country" ? 2 : undefined}
          />
        );
      })}
    </FormSection>
  );
}
