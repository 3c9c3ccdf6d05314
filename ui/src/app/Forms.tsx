import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Activity, ActivityKind } from "../bindings";
import { StartCadenceDialog } from "../components/StartCadenceDialog";
import { useToast } from "../components/Toast";
import { ActivityForm, type ActivityLinks } from "../forms/ActivityForm";
import { CompanyForm } from "../forms/CompanyForm";
import type { DealDefaults } from "../forms/deal";
import { DealForm } from "../forms/DealForm";
import { PersonForm } from "../forms/PersonForm";
import { TaskForm, type TaskLinkDefaults } from "../forms/TaskForm";
import { navigate } from "../lib/router";

export type FormSpec =
  | { kind: "person"; id?: number; companyName?: string }
  | { kind: "company"; id?: number }
  | { kind: "deal"; id?: number; defaults?: DealDefaults & { person_title?: string; company_title?: string } }
  | { kind: "task"; id?: number; links?: TaskLinkDefaults }
  | { kind: "activity"; activity?: Activity; links?: ActivityLinks; activityKind?: ActivityKind }
  | { kind: "cadence"; person: { id: number; title: string } };

const Ctx = createContext<((spec: FormSpec) => void) | null>(null);

/** Opens a create or edit form from anywhere: list pages, record pages, the palette. */
export function useOpenForm(): (spec: FormSpec) => void {
  const open = useContext(Ctx);
  if (!open) throw new Error("useOpenForm outside FormsProvider");
  return open;
}

export function FormsProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [spec, setSpec] = useState<FormSpec | null>(null);
  const close = useCallback(() => setSpec(null), []);

  // A new record gets a toast with a shortcut to it; the list it was created from stays in view.
  const created = (what: string, title: string, go: () => void) =>
    toast.show(t("toast.created", { what, title }), { kind: "success", action: { label: t("common.open"), run: go } });
  const saved = () => toast.show(t("toast.saved"), { kind: "success" });

  let form: ReactNode = null;
  if (spec?.kind === "person") {
    form = (
      <PersonForm
        id={spec.id}
        companyName={spec.companyName}
        onClose={close}
        onSaved={(p, isNew) => {
          close();
          if (isNew) created(t("entity.person"), p.display_name, () => navigate({ page: "person", id: p.id }));
          else saved();
        }}
      />
    );
  } else if (spec?.kind === "company") {
    form = (
      <CompanyForm
        id={spec.id}
        onClose={close}
        onSaved={(c, isNew) => {
          close();
          if (isNew) created(t("entity.company"), c.name, () => navigate({ page: "company", id: c.id }));
          else saved();
        }}
      />
    );
  } else if (spec?.kind === "deal") {
    form = (
      <DealForm
        id={spec.id}
        defaults={spec.defaults}
        onClose={close}
        onSaved={(d, isNew) => {
          close();
          if (isNew) created(t("entity.deal"), d.title, () => navigate({ page: "deal", id: d.id }));
          else saved();
        }}
      />
    );
  } else if (spec?.kind === "task") {
    form = (
      <TaskForm
        id={spec.id}
        links={spec.links}
        onClose={close}
        onSaved={() => {
          close();
          saved();
        }}
        onStartCadence={(person) => setSpec({ kind: "cadence", person })}
      />
    );
  } else if (spec?.kind === "cadence") {
    form = <StartCadenceDialog person={spec.person} onClose={close} />;
  } else if (spec?.kind === "activity") {
    form = (
      <ActivityForm
        activity={spec.activity}
        links={spec.links}
        kind={spec.activityKind}
        onClose={close}
        onSaved={() => {
          close();
          saved();
        }}
      />
    );
  }

  const open = useMemo(() => (s: FormSpec) => setSpec(s), []);
  return (
    <Ctx.Provider value={open}>
      {children}
      {form}
    </Ctx.Provider>
  );
}
