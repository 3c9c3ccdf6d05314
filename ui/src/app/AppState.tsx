import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { AppInfo, CustomFieldDef, Entity } from "../bindings";
import { completeSettings, type AppSettings } from "../api/types";
import { api } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { resolveLanguage, setLanguage } from "../i18n";

type AppState = {
  settings: AppSettings;
  info: AppInfo | null;
  /** Applies at once (language, theme), then saves; throws the core's error when saving fails. */
  updateSettings: (patch: Partial<AppSettings>) => Promise<void>;
  customFields: CustomFieldDef[];
  fieldsFor: (entity: Entity) => CustomFieldDef[];
};

const Ctx = createContext<AppState | null>(null);

export function useApp(): AppState {
  const v = useContext(Ctx);
  if (!v) throw new Error("useApp outside AppStateProvider");
  return v;
}

export function applyTheme(theme: AppSettings["theme"]): void {
  document.documentElement.dataset.theme = theme;
}

export async function applyLanguage(settings: AppSettings, info: AppInfo | null): Promise<void> {
  await setLanguage(resolveLanguage(settings.language, info?.os_locale ?? null));
}

export function AppStateProvider({
  initialSettings,
  info,
  children,
}: {
  initialSettings: AppSettings;
  info: AppInfo | null;
  children: ReactNode;
}) {
  const [settings, setSettings] = useState(initialSettings);
  const fields = useQuery(() => api.customFieldsList(null), "custom-fields", ["person", "company", "deal"]);

  useEffect(() => applyTheme(settings.theme), [settings.theme]);

  const updateSettings = useCallback(
    async (patch: Partial<AppSettings>) => {
      const next = { ...settings, ...patch };
      setSettings(next);
      if (patch.language !== undefined) await applyLanguage(next, info);
      const saved = await api.settingsSet(next);
      setSettings(completeSettings(saved));
    },
    [settings, info],
  );

  const value = useMemo<AppState>(() => {
    const customFields = fields.data ?? [];
    return {
      settings,
      info,
      updateSettings,
      customFields,
      fieldsFor: (entity) => customFields.filter((f) => f.entity === entity).sort((a, b) => a.position - b.position),
    };
  }, [settings, info, updateSettings, fields.data]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
