import { useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useHotkey } from "../hooks/useHotkey";
import { EmptyState } from "./EmptyState";
import { Icon, type IconName } from "./Icon";

type Props = {
  testId: string;
  title: string;
  countText: string;
  newLabel: string;
  newTestId: string;
  onNew: () => void;
  /** The primary button's icon and shortcut when it does not create (a segment's Edit: pencil and `e`). */
  newIcon?: IconName;
  newKey?: string;
  search: string;
  onSearch: (s: string) => void;
  searchPlaceholder: string;
  filters?: ReactNode;
  /** Buttons shown before New (e.g. Export). */
  actions?: ReactNode;
  children: ReactNode;
};

/** Frame of every list page: title and count, the New button (`c`), search (`/`) and filters, then the table. */
export function ListPage(p: Props) {
  const { t } = useTranslation();
  const searchRef = useRef<HTMLInputElement>(null);
  useHotkey("/", () => searchRef.current?.focus());
  const newKey = p.newKey ?? "c";
  useHotkey(newKey, p.onNew);

  return (
    <section className="page list-page" data-testid={p.testId} aria-labelledby={`${p.testId}-title`}>
      <header className="page-header">
        <div>
          <h1 id={`${p.testId}-title`}>{p.title}</h1>
          <p className="page-subtitle" aria-live="polite">
            {p.countText}
          </p>
        </div>
        <div className="page-header-actions">
          {p.actions}
          <button type="button" className="button button-primary" data-testid={p.newTestId} onClick={p.onNew} title={`${p.newLabel} (${newKey.toUpperCase()})`}>
            <Icon name={p.newIcon ?? "plus"} /> {p.newLabel}
          </button>
        </div>
      </header>
      <div className="toolbar" role="search">
        <div className="search-input">
          <Icon name="search" />
          <input
            ref={searchRef}
            type="search"
            data-testid="list-search"
            aria-label={p.searchPlaceholder}
            placeholder={p.searchPlaceholder}
            title={`${t("common.search")} (/)`}
            value={p.search}
            onChange={(e) => p.onSearch(e.target.value)}
            onKeyDown={(e) => {
              // Down arrow moves from the search box into the results.
              if (e.key === "ArrowDown") {
                e.preventDefault();
                document.querySelector<HTMLElement>(`[data-testid="${p.testId}"] [data-row-index][tabindex="0"]`)?.focus();
              } else if (e.key === "Escape" && p.search) {
                e.stopPropagation();
                p.onSearch("");
              }
            }}
          />
        </div>
        {p.filters}
      </div>
      {p.children}
    </section>
  );
}

/** A compact select used as a list filter; the empty value means "any". */
export function FilterSelect({ label, value, onChange, options }: { label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t("filters.any")}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function FilterText({ label, value, onChange, placeholder }: { label: string; value: string; onChange: (v: string) => void; placeholder?: string }) {
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <input type="text" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

type EmptyProps = { filtered: boolean; noMatch: string; icon: IconName; title: string; hint: string; newLabel: string; onNew: () => void };

/** An empty list: nothing matches the search and filters, or nothing exists yet and here is the New button. */
export function ListEmpty({ filtered, noMatch, icon, title, hint, newLabel, onNew }: EmptyProps) {
  const { t } = useTranslation();
  if (filtered) return <EmptyState icon="search" title={noMatch} hint={t("common.noMatchHint")} />;
  return (
    <EmptyState
      icon={icon}
      title={title}
      hint={hint}
      action={
        <button type="button" className="button button-primary" onClick={onNew}>
          {newLabel}
        </button>
      }
    />
  );
}
