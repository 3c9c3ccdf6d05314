import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import type { ProductRef } from "../bindings";

const SHOWN = 20;

/** A SKU typed or picked from the live products whose SKU or name holds the text (the core's search). */
export function ProductPicker({ value, label, onChange }: { value: string; label: string; onChange: (sku: string) => void }) {
  const { t } = useTranslation();
  const listId = useId();
  const [options, setOptions] = useState<ProductRef[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.productsSearch(value, SHOWN).then(
        (found) => live && setOptions(found),
        () => live && setOptions([]),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [value]);
  return (
    <>
      <input type="text" aria-label={label} data-testid="segment-value" list={listId} placeholder={t("segments.productHint")} value={value} onChange={(e) => onChange(e.target.value)} />
      <datalist id={listId} data-testid="segment-products">
        {options.map((p) => (
          <option key={p.product_id} value={p.sku}>
            {p.name}
          </option>
        ))}
      </datalist>
    </>
  );
}
