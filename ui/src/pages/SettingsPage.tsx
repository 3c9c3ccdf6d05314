import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Theme } from "../bindings";
import { api } from "../api/client";
import { useApp } from "../app/AppState";
import { CheckboxField, SelectField, TextField } from "../components/Field";
import { useToast } from "../components/Toast";
import { currencyOptions } from "../lib/money";
import { BackupsSettings } from "./BackupsSettings";
import { CadencesManager } from "./CadencesManager";
import { RulesManager } from "./RulesManager";
import { CustomFieldsManager } from "./CustomFieldsManager";
import { MailAccountsManager } from "./MailAccountsManager";
import { SecuritySettings } from "./SecuritySettings";
import { TeamSettings } from "./TeamSettings";
import { SlaManager } from "./sla/SlaManager";
import { DocumentsManager } from "./DocumentsManager";
import { TemplatesManager } from "./TemplatesManager";
import { EnrichSettings } from "./EnrichSettings";
import { ScoringManager } from "./ScoringManager";

// Language names are written in their own language so anyone can find theirs.
const LANGUAGE_NAMES: Record<string, string> = { en: "English", nl: "Nederlands", de: "Deutsch", da: "Dansk" };
const THEMES: Theme[] = ["system", "light", "dark"];

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const { settings, info, updateSettings } = useApp();
  const [name, setName] = useState(settings.user_name ?? "");
  useEffect(() => setName(settings.user_name ?? ""), [settings.user_name]);

  const save = (patch: Parameters<typeof updateSettings>[0]) =>
    updateSettings(patch).then(
      // i18n.t, not this render's `t`: a language change has switched the language by now, and the
      // confirmation speaks the new one.
      () => toast.show(i18n.t("toast.saved"), { kind: "success" }),
      (e) => toast.error(e),
    );

  return (
    <section className="page settings-page" data-testid="settings-page">
      <header className="page-header">
        <h1>{t("nav.settings")}</h1>
      </header>
      <div className="settings-grid">
        <section className="card">
          <h2>{t("settings.general")}</h2>
          <div className="form-grid">
            <SelectField
              label={t("settings.language")}
              name="language"
              data-testid="language-select"
              value={settings.language ?? "system"}
              options={[{ value: "system", label: t("settings.systemLanguage") }, ...Object.entries(LANGUAGE_NAMES).map(([value, label]) => ({ value, label }))]}
              onChange={(e) => void save({ language: e.target.value === "system" ? null : e.target.value })}
            />
            <SelectField
              label={t("settings.theme")}
              name="theme"
              data-testid="theme-select"
              value={settings.theme}
              options={THEMES.map((th) => ({ value: th, label: t(`theme.${th}`) }))}
              onChange={(e) => void save({ theme: e.target.value as Theme })}
            />
            <SelectField
              label={t("fields.default_currency")}
              name="default_currency"
              value={settings.default_currency}
              options={currencyOptions(settings.default_currency).map((c) => ({ value: c, label: c }))}
              onChange={(e) => void save({ default_currency: e.target.value })}
            />
            <TextField
              label={t("fields.user_name")}
              name="user_name"
              value={name}
              hint={t("settings.userNameHint")}
              onChange={(e) => setName(e.target.value)}
              onBlur={() => name.trim() !== (settings.user_name ?? "") && void save({ user_name: name.trim() === "" ? null : name.trim() })}
            />
            <div>
              <CheckboxField
                label={t("settings.startAtLogin")}
                name="start_at_login"
                checked={settings.start_at_login}
                onChange={(v) => void save({ start_at_login: v })}
              />
              <p className="muted small">{t("settings.startAtLoginHint")}</p>
            </div>
          </div>
        </section>
        <EnrichSettings save={(patch) => void save(patch)} />
        <MailAccountsManager />
        <TeamSettings />
        <CustomFieldsManager />
        <CadencesManager />
        <TemplatesManager />
        <DocumentsManager />
        <SecuritySettings />
        <BackupsSettings />
        <ScoringManager />
        <RulesManager />
        <SlaManager />
        <section className="card">
          <h2>{t("settings.about")}</h2>
          <dl className="field-list">
            <div className="field-list-row">
              <dt>{t("settings.version")}</dt>
              <dd>{info?.version ?? "–"}</dd>
            </div>
            <div className="field-list-row">
              <dt>{t("settings.dataDir")}</dt>
              <dd className="selectable mono" data-testid="data-dir">{info?.data_dir ?? "–"}</dd>
            </div>
            <div className="field-list-row">
              <dt>{t("settings.schema")}</dt>
              <dd>{info?.schema_version ?? "–"}</dd>
            </div>
          </dl>
          <p>
            <button type="button" className="button" data-testid="open-log-folder" onClick={() => void api.logsOpenFolder().catch(toast.error)}>
              {t("settings.openLogFolder")}
            </button>
          </p>
          <p className="muted small">{t("settings.logHint")}</p>
        </section>
      </div>
    </section>
  );
}
