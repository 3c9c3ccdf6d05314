import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/controls.css";
import "./styles/badges.css";
import "./styles/table.css";
import "./styles/overlays.css";
import "./styles/record.css";
import "./styles/board.css";
import "./styles/pages.css";
import "./styles/reminders.css";
import "./styles/tickets.css";
import "./styles/cadences.css";
import "./styles/security.css";
import "./styles/data.css";
import "./styles/scoring.css";
import "./styles/mail.css";
import "./styles/team.css";
import "./styles/enrich.css";
import "./styles/segments.css";
import "./styles/dashboard.css";
import "./styles/campaigns.css";
import type { AppInfo } from "./bindings";
import { completeSettings, DEFAULT_SETTINGS, type AppSettings } from "./api/types";
import { api } from "./api/client";
import { App } from "./app/App";
import { applyLanguage, applyTheme } from "./app/AppState";
import { setOsLocale } from "./i18n";

async function start() {
  const [info, settings] = await Promise.all([
    api.appInfo().catch((): AppInfo | null => null),
    api.settingsGet().then(completeSettings, (): AppSettings => DEFAULT_SETTINGS),
  ]);
  setOsLocale(info?.os_locale ?? null);
  applyTheme(settings.theme);
  await applyLanguage(settings, info);
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App settings={settings} info={info} />
    </StrictMode>,
  );
}

void start();
