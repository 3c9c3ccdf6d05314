import { useTranslation } from "react-i18next";
import type { ErrorCode } from "../bindings";
import { inlineMessage } from "../api/errors";
import { Icon } from "../components/Icon";

export type Row = { label: string; value: string };

type Props = {
  legend: string;
  rows: Row[];
  onChange: (rows: Row[]) => void;
  /** Input names per row: the first email is `email`, later ones `emails.1.value`. */
  valueName: (i: number) => string;
  labelName: (i: number) => string;
  labelOptions: string[];
  type: "email" | "tel" | "url";
  errors: Record<string, ErrorCode>;
  addText: string;
  valueLabel: string;
  labelLabel: string;
};

/** Several labelled values (emails, phones, social profiles), one row each. */
export function MultiValueInput(p: Props) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<Row>) => p.onChange(p.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const listId = `${p.labelName(0)}-options`;
  return (
    <fieldset className="multi-value">
      <legend>{p.legend}</legend>
      <datalist id={listId}>
        {p.labelOptions.map((o) => (
          <option key={o} value={o} label={t(`valueLabels.${o}`, { defaultValue: o })} />
        ))}
      </datalist>
      {p.rows.map((row, i) => {
        const name = p.valueName(i);
        const error = p.errors[name];
        return (
          <div className="multi-value-row" key={i}>
            <input
              className="multi-value-label"
              name={p.labelName(i)}
              aria-label={`${p.labelLabel} ${i + 1}`}
              list={listId}
              value={row.label}
              onChange={(e) => set(i, { label: e.target.value })}
            />
            <div className="multi-value-main">
              <input
                name={name}
                type={p.type}
                aria-label={`${p.valueLabel} ${i + 1}`}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${name}-error` : undefined}
                value={row.value}
                onChange={(e) => set(i, { value: e.target.value })}
              />
              {error && (
                <p className="field-error" id={`${name}-error`} data-testid={`error-${name}`} role="alert">
                  {inlineMessage(t, error)}
                </p>
              )}
            </div>
            <button
              type="button"
              className="icon-button"
              aria-label={t("common.removeItem", { item: `${p.valueLabel} ${i + 1}` })}
              onClick={() => p.onChange(p.rows.filter((_, j) => j !== i))}
              disabled={i === 0 && p.rows.length === 1}
            >
              <Icon name="close" size={14} />
            </button>
          </div>
        );
      })}
      <button type="button" className="link-button" onClick={() => p.onChange([...p.rows, { label: p.labelOptions[0] ?? "", value: "" }])}>
        <Icon name="plus" size={14} /> {p.addText}
      </button>
    </fieldset>
  );
}
