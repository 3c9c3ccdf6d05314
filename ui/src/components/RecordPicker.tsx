import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Entity, SearchHit } from "../bindings";
import { api } from "../api/client";
import { useDebounced } from "../hooks/useDebounced";
import { Icon } from "./Icon";

export type Picked = { id: number; title: string } | null;

type Props = { entity: Entity; label: string; name: string; value: Picked; onChange: (v: Picked) => void };

/** A combobox that links a record (person, company, deal) by searching for it. */
export function RecordPicker({ entity, label, name, value, onChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 150);

  useEffect(() => {
    let live = true;
    if (q === "") {
      setHits([]);
      return;
    }
    api
      .searchGlobal(q, 20)
      .then((all) => live && setHits(all.filter((h) => h.entity === entity).slice(0, 8)))
      .catch(() => live && setHits([]));
    return () => {
      live = false;
    };
  }, [q, entity]);

  const pick = (h: SearchHit) => {
    onChange({ id: h.id, title: h.title });
    setText("");
    setOpen(false);
  };

  if (value) {
    return (
      <div className="field">
        <span className="field-label" id={`${id}-label`}>{label}</span>
        <div className="picked" aria-labelledby={`${id}-label`}>
          <span className="picked-title">{value.title}</span>
          <button type="button" className="icon-button" aria-label={t("common.removeItem", { item: value.title })} onClick={() => onChange(null)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      </div>
    );
  }

  const listId = `${id}-list`;
  const showList = open && hits.length > 0;
  return (
    <div className="field picker">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList ? `${listId}-${active}` : undefined}
        placeholder={t("picker.search")}
        autoComplete="off"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (!showList) return;
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => (a + (e.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length);
          } else if (e.key === "Enter") {
            e.preventDefault();
            pick(hits[active]);
          } else if (e.key === "Escape") {
            e.stopPropagation();
            setOpen(false);
          }
        }}
      />
      {showList && (
        <ul className="picker-list" role="listbox" id={listId}>
          {hits.map((h, i) => (
            <li
              key={h.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "is-active" : ""}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(h);
              }}
            >
              <span>{h.title}</span>
              {h.subtitle && <span className="muted"> · {h.subtitle}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
