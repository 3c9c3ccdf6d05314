import { useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SearchHit } from "../bindings";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { useOpenForm } from "../app/Forms";
import { useDebounced } from "../hooks/useDebounced";
import { filterActions, moveSelection, type PaletteAction } from "../lib/palette";
import { navigate, recordHref } from "../lib/router";
import { openCompose } from "./ComposeHost";
import { Dialog } from "./Dialog";
import { Icon, type IconName } from "./Icon";

type Item = { id: string; label: string; hint?: string; group: string; icon: IconName; shortcut?: string; run: () => void };

const ENTITY_ICON: Record<string, IconName> = { person: "people", company: "companies", deal: "deals", task: "tasks", activity: "note" };

/** Ctrl/Cmd+K: find a record or run an action, all from the keyboard. */
export function CommandPalette({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const openForm = useOpenForm();
  const { updateSettings } = useApp();
  const id = useId();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [hits, setHits] = useState<SearchHit[]>([]);
  const q = useDebounced(query.trim(), 120);

  useEffect(() => {
    let live = true;
    if (q === "") return setHits([]);
    api.searchGlobal(q, 8).then((h) => live && setHits(h), () => live && setHits([]));
    return () => {
      live = false;
    };
  }, [q]);

  const actions = useMemo<PaletteAction[]>(() => {
    const create = t("palette.create");
    const go = t("palette.goTo");
    const prefs = t("palette.preferences");
    return [
      { id: "new-person", group: create, label: t("person.new"), keywords: "contact", run: () => openForm({ kind: "person" }) },
      { id: "new-company", group: create, label: t("company.new"), keywords: "organisation", run: () => openForm({ kind: "company" }) },
      { id: "new-deal", group: create, label: t("deal.new"), keywords: "opportunity", run: () => openForm({ kind: "deal" }) },
      { id: "new-task", group: create, label: t("task.new"), keywords: "follow-up todo", run: () => openForm({ kind: "task" }) },
      ...(["today", "people", "companies", "deals", "tasks", "trash", "settings"] as const).map((page) => ({
        id: `go-${page}`,
        group: go,
        label: t("palette.goToPage", { page: t(`nav.${page}`) }),
        keywords: t(`nav.${page}`),
        run: () => navigate(page === "deals" ? { page, pipelineId: null } : { page }),
      })),
      ...(["light", "dark", "system"] as const).map((theme) => ({
        id: `theme-${theme}`,
        group: prefs,
        label: t("palette.theme", { theme: t(`theme.${theme}`) }),
        keywords: "theme mode",
        run: () => void updateSettings({ theme }),
      })),
    ];
  }, [t, openForm, updateSettings]);

  const items: Item[] = useMemo(() => {
    // "Email <person>" beside each person found.
    const email: Item[] = hits
      .filter((h) => h.entity === "person")
      .map((h) => ({ id: `email-${h.id}`, label: t("palette.email", { name: h.title }), group: t("palette.actions"), icon: "email", run: () => openCompose({ personId: h.id }) }));
    const records: Item[] = hits
      .filter((h) => h.entity !== "activity")
      .map((h) => ({
        id: `${h.entity}-${h.id}`,
        label: h.title,
        hint: h.subtitle ?? t(`entity.${h.entity}`),
        group: t("palette.records"),
        icon: ENTITY_ICON[h.entity],
        run: () => {
          const href = recordHref(h.entity, h.id);
          if (href) window.location.hash = href;
          else if (h.entity === "task") openForm({ kind: "task", id: h.id });
        },
      }));
    const acts: Item[] = filterActions(actions, query).map((a) => ({
      ...a,
      icon: a.id.startsWith("new") ? "plus" : a.id.startsWith("theme") ? "settings" : "back",
    }));
    return [...records, ...email, ...acts];
  }, [hits, actions, query, t, openForm]);

  useEffect(() => setActive(0), [query, hits]);

  const run = (item: Item | undefined) => {
    if (!item) return;
    onClose();
    item.run();
  };

  const listId = `${id}-list`;
  let lastGroup = "";
  return (
    <Dialog title={t("palette.title")} onClose={onClose} testId="command-palette" bare size="medium">
      <div className="palette-input">
        <Icon name="search" />
        <input
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={items[active] ? `${listId}-${active}` : undefined}
          aria-label={t("palette.placeholder")}
          placeholder={t("palette.placeholder")}
          data-testid="palette-input"
          data-autofocus
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => moveSelection(a, e.key === "ArrowDown" ? 1 : -1, items.length));
            } else if (e.key === "Enter") {
              e.preventDefault();
              run(items[active]);
            }
          }}
        />
      </div>
      <ul className="palette-list" role="listbox" id={listId} aria-label={t("palette.results")}>
        {items.length === 0 && <li className="palette-empty muted">{t("palette.noResults")}</li>}
        {items.map((item, i) => {
          const header = item.group !== lastGroup ? item.group : null;
          lastGroup = item.group;
          return (
            <li key={item.id} role="presentation">
              {header && <div className="palette-group" role="presentation">{header}</div>}
              <div
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={`palette-item ${i === active ? "is-active" : ""}`}
                data-testid="palette-item"
                onMouseMove={() => setActive(i)}
                onClick={() => run(item)}
              >
                <Icon name={item.icon} />
                <span className="palette-label">{item.label}</span>
                {item.hint && <span className="muted small">{item.hint}</span>}
              </div>
            </li>
          );
        })}
      </ul>
      <footer className="palette-footer muted small">{t("palette.help")}</footer>
    </Dialog>
  );
}
