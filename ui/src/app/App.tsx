import { useEffect } from "react";
import type { AppInfo } from "../bindings";
import type { AppSettings } from "../api/types";
import { StartupError } from "./StartupError";
import { StartupProgress } from "./StartupProgress";
import { listenToCore } from "../api/invalidation";
import { ReminderToasts } from "../components/ReminderToasts";
import { ShellEvents } from "../components/ShellEvents";
import { ToastProvider } from "../components/Toast";
import { useRoute, type Route } from "../lib/router";
import { CompaniesPage } from "../pages/CompaniesPage";
import { CompanyPage } from "../pages/CompanyPage";
import { DealPage } from "../pages/DealPage";
import { DashboardPage } from "../pages/DashboardPage";
import { DealsBoard } from "../pages/DealsBoard";
import { ImportPage } from "../pages/ImportPage";
import { PeoplePage } from "../pages/PeoplePage";
import { PersonPage } from "../pages/PersonPage";
import { SettingsPage } from "../pages/SettingsPage";
import { TasksPage } from "../pages/TasksPage";
import { TodayPage } from "../pages/TodayPage";
import { TrashPage } from "../pages/TrashPage";
import { SupportPage } from "../pages/tickets/SupportPage";
import { TicketsPage } from "../pages/tickets/TicketsPage";
import { SegmentPage } from "../pages/SegmentPage";
import { SegmentsPage } from "../pages/SegmentsPage";
import { CampaignPage } from "../pages/CampaignPage";
import { CampaignsPage } from "../pages/CampaignsPage";
import { OrderPage } from "../pages/OrderPage";
import { AppStateProvider } from "./AppState";
import { FormsProvider } from "./Forms";
import { Shell } from "./Shell";

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "today":
      return <TodayPage />;
    case "people":
      return <PeoplePage />;
    case "person":
      return <PersonPage key={route.id} id={route.id} />;
    case "companies":
      return <CompaniesPage />;
    case "company":
      return <CompanyPage key={route.id} id={route.id} />;
    case "deals":
      return <DealsBoard pipelineId={route.pipelineId} />;
    case "deal":
      return <DealPage key={route.id} id={route.id} />;
    case "tasks":
      return <TasksPage />;
    case "trash":
      return <TrashPage />;
    case "import":
      return <ImportPage />;
    case "settings":
      return <SettingsPage />;
    case "dashboard":
      return <DashboardPage />;
    case "tickets":
      return <TicketsPage id={route.id} />;
    case "support":
      return <SupportPage />;
    case "segments":
      return <SegmentsPage />;
    case "segment":
      return <SegmentPage key={route.id} id={route.id} />;
    case "campaigns":
      return <CampaignsPage />;
    case "campaign":
      return <CampaignPage key={route.id} id={route.id} />;
    case "order":
      return <OrderPage key={route.id} id={route.id} />;
  }
}

export function App({ settings, info }: { settings: AppSettings; info: AppInfo | null }) {
  const route = useRoute();
  useEffect(() => void listenToCore(), []);
  // Move focus to the page on navigation so keyboard and screen-reader users start at its top.
  useEffect(() => document.getElementById("main")?.focus({ preventScroll: true }), [route.page]);

  // The core is still opening the data (encrypting an old store): show how far, then load.
  if (info?.opening) return <StartupProgress dataDir={info.data_dir} />;
  // The core could not open the data (e.g. written by a newer Relata): say so instead of showing empty lists.
  if (info?.startup_error) return <StartupError error={info.startup_error} dataDir={info.data_dir} />;

  return (
    <ToastProvider>
      <ReminderToasts />
      <ShellEvents />
      <AppStateProvider initialSettings={settings} info={info}>
        <FormsProvider>
          <Shell route={route}>
            <Page route={route} />
          </Shell>
        </FormsProvider>
      </AppStateProvider>
    </ToastProvider>
  );
}
