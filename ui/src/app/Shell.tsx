import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { CommandPalette } from "../components/CommandPalette";
import { ComposeHost } from "../components/ComposeHost";
import { Icon, type IconName } from "../components/Icon";
import { Kbd } from "../components/EmptyState";
import { NotificationCenter } from "../components/NotificationCenter";
import { PinnedSegments } from "../components/PinnedSegments";
import { useToday } from "../pages/TodayPage";
import type { Route } from "../lib/router";

const NAV: { page: Route["page"]; icon: IconName; href: string; match: Route["page"][]; labelKey?: string }[] = [
  { page: "today", icon: "today", href: "#/today", match: ["today"] },
  { page: "dashboard", icon: "chart", href: "#/dashboard", match: ["dashboard"] },
  { page: "people", icon: "people", href: "#/people", match: ["people", "person"] },
  { page: "companies", icon: "companies", href: "#/companies", match: ["companies", "company"] },
  { page: "deals", icon: "deals", href: "#/deals", match: ["deals", "deal"] },
  { page: "tasks", icon: "tasks", href: "#/tasks", match: ["tasks"] },
  { page: "trash", icon: "trash", href: "#/trash", match: ["trash"] },
  { page: "import", icon: "restore", href: "#/import", match: ["import"], labelKey: "import.nav" },
  { page: "settings", icon: "settings", href: "#/settings", match: ["settings"] },
  { page: "tickets", icon: "chat", href: "#/tickets", match: ["tickets", "support"] },
  { page: "segments", icon: "filter", href: "#/segments", match: ["segments"] },
  { page: "campaigns", icon: "send", href: "#/campaigns", match: ["campaigns", "campaign"] },
];

const isMac = typeof navigator !== "undefined" && /Mac/.test(navigator.platform);
export const MOD_KEY = isMac ? "⌘" : "Ctrl";

/** Left navigation, top bar with the palette trigger, and the page. Ctrl/Cmd+K opens the palette anywhere. */
export function Shell({ route, children }: { route: Route; children: ReactNode }) {
  const { t } = useTranslation();
  const [palette, setPalette] = useState(false);
  const today = useToday();
  const due = today.data ? today.data.overdue_total + today.data.today_total : 0;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setPalette((p) => !p);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("common.skipToContent")}
      </a>
      <nav className="sidebar" aria-label={t("nav.label")}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">R</span> Relata
        </div>
        <ul>
          {NAV.map((n) => {
            const current = n.match.includes(route.page);
            return (
              <li key={n.page}>
                <a href={n.href} className={`nav-item ${current ? "is-current" : ""}`} aria-current={current ? "page" : undefined} data-testid={`nav-${n.page}`} title={t(n.labelKey ?? `nav.${n.page}`)}>
                  <Icon name={n.icon} />
                  <span className="nav-label">{t(n.labelKey ?? `nav.${n.page}`)}</span>
                  {n.page === "today" && due > 0 && (
                    <span className="nav-count" aria-label={t("nav.dueCount", { count: due })} data-testid="today-count">
                      {due}
                    </span>
                  )}
                </a>
              </li>
            );
          })}
        </ul>
        <PinnedSegments route={route} />
      </nav>
      <div className="main-column">
        <header className="topbar">
          <button type="button" className="palette-trigger" onClick={() => setPalette(true)} data-testid="open-palette" title={`${t("palette.title")} (${MOD_KEY}+K)`}>
            <Icon name="search" />
            <span>{t("palette.trigger")}</span>
            <Kbd>{`${MOD_KEY} K`}</Kbd>
          </button>
          <NotificationCenter />
        </header>
        <main id="main" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
      {palette && <CommandPalette onClose={() => setPalette(false)} />}
      <ComposeHost />
    </div>
  );
}
