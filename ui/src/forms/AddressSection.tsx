import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { FieldErrors } from "../api/errors";
import { TextField } from "../components/Field";
import { useLocale } from "../i18n";
import { countryOptions } from "../lib/countries";
import { ADDRESS_KEYS, type AddressForm } from "./common";
import { FormSection } from "./FormDialog";

type Props = {
  values: AddressForm;
  errors: FieldErrors;
  /** `name` is the input's name, `address.<key>`, under which its error shows. */
  onChange: (key: keyof AddressForm, value: string, name: string) => void;
};

/** The address inputs of a person or company form, named `address.<key>` so core errors find them. The
 * country is typed or picked by its name in the reader's language (a code works too); the form sends the
 * code, and text naming no known country is kept as typed. */
export function AddressSection({ values, errors, onChange }: Props) {
  const { t } = useTranslation();
  const locale = useLocale();
  const countries = `${useId()}-countries`;
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
            list={key === "country" ? countries : undefined}
            autoComplete={key === "country" ? "off" : undefined}
          />
        );
      })}
      <datalist id={countries} data-testid="country-options">
        {countryOptions(locale).map((c) => (
          <option key={c.code} value={c.name} />
        ))}
      </datalist>
    </FormSection>
  );
}
