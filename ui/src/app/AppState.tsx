import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { AppInfo, CustomFieldDef, Entity, Settings } from "../bindings";
import { api } from "../api/client";
import { useQuery } from "../hooks/useQuery";
import { resolveLanguage, setLanguage } from "../i18n";

export const DEFAULT_SETTINGS: Settings = { language: null, theme: "system", default_currency: "EUR", user_name: null };

type AppState = {
  settings: Settings;
  info: AppInfo | null;
  /** Applies at once (language, theme), then saves; throws the core's error when saving fails. */
  updateSettings: (patch: Partial<Settings>) => Promise<void>;
  customFields: CustomFieldDef[];
  fieldsFor: (entity: Entity) => CustomFieldDef[];
};

const Ctx = createContext<AppState | null>(null);

export function useApp(): AppState {
  const v = useContext(Ctx);
  if (!v) throw new Error("useApp outside AppStateProvider");
  return v;
}

export function applyTheme(theme: Settings["theme"]): void {
  document.documentElement.dataset.theme = theme;
}

export async function applyLanguage(settings: Settings, info: AppInfo | null): Promise<void> {
  await setLanguage(resolveLanguage(settings.language, info?.os_locale ?? null));
}

export function AppStateProvider({
  initialSettings,
  info,
  children,
}: {
  initialSettings: Settings;
  info: AppInfo | null;
  children: ReactNode;
}) {
  const [settings, setSettings] = useState(initialSettings);
  const fields = useQuery(() => api.customFieldsList(null), "custom-fields", ["person", "company", "deal"]);

  useEffect(() => applyTheme(settings.theme), [settings.theme]);

  const updateSettings = useCallback(
    async (patch: Partial<Settings>) => {
      const next = { ...settings, ...patch };
      setSettings(next);
      if (patch.language !== undefined) await applyLanguage(next, info);
      const saved = await api.settingsSet(next);
      setSettings(saved);
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
