// Labelled inputs with the error under them. `name` is the field's JSON name: WebDriver tests and
// server field errors both find inputs by it.
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import type { ErrorCode } from "../bindings";
import { inlineMessage } from "../api/errors";

/** `hideLabel` keeps the label for screen readers only, for rows under shared column headings. */
type Common = { label: string; name: string; error?: ErrorCode; hint?: string; className?: string; hideLabel?: boolean };

function Wrapper({ label, name, error, hint, className, hideLabel, id, children }: Common & { id: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={`field ${error ? "field-invalid" : ""} ${className ?? ""}`}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : undefined}>
        {label}
      </label>
      {children}
      {hint && !error && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} data-testid={`error-${name}`} role="alert">
          {inlineMessage(t, error)}
        </p>
      )}
    </div>
  );
}

function aria(id: string, error?: ErrorCode, hint?: string) {
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined,
  };
}

export function TextField({ label, name, error, hint, className, hideLabel, ...input }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  const id = useId();
  return (
    <Wrapper {...{ label, name, error, hint, className, hideLabel, id }}>
      <input id={id} name={name} {...aria(id, error, hint)} {...input} />
    </Wrapper>
  );
}

export function TextArea({ label, name, error, hint, className, hideLabel, ...input }: Common & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name">) {
  const id = useId();
  return (
    <Wrapper {...{ label, name, error, hint, className, hideLabel, id }}>
      <textarea id={id} name={name} {...aria(id, error, hint)} {...input} />
    </Wrapper>
  );
}

export type Option = { value: string; label: string };

export function SelectField({
  label,
  name,
  error,
  hint,
  className,
  hideLabel,
  options,
  ...select
}: Common & { options: Option[] } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name">) {
  const id = useId();
  return (
    <Wrapper {...{ label, name, error, hint, className, hideLabel, id }}>
      <select id={id} name={name} {...aria(id, error, hint)} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}

export function CheckboxField({ label, name, checked, onChange }: { label: string; name: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="checkbox-field">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}
