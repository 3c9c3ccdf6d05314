//! The Tauri shell: window, commands, events and state. Everything it does is delegate to the core.

pub mod command_list;
pub mod commands;
pub mod daily;
pub mod events;
pub mod file_dialog;
mod file_grants;
mod login_item;
mod mail_jobs;
pub mod notification_actions;
mod notify_text;
pub mod reminders;
pub mod startup;
pub mod state;
mod tray;
pub mod webview_locale;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::{collect_commands, collect_events};

use commands::*;
use relata_core::clock::SystemClock;
use relata_core::domain::{Entity, Topic};
use relata_core::secrets::{KeyringSecrets, SecretStore};
use relata_core::services::ui_rules;
use state::AppState;

/// The one specta builder: it serves the invoke handler, the event registry and the bindings export.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .commands(collect_commands![
            app_info,
            settings_get,
            settings_set,
            people_list,
            people_get,
            people_create,
            people_update,
            people_delete,
            companies_list,
            companies_get,
            companies_create,
            companies_update,
            companies_delete,
            pipelines_list,
            deals_list,
            deals_board,
            deals_get,
            deals_create,
            deals_update,
            deals_move,
            deals_delete,
            activities_timeline,
            activities_create,
            activities_update,
            activities_delete,
            tasks_list,
            tasks_today,
            tasks_get,
            tasks_create,
            tasks_update,
            tasks_set_done,
            tasks_delete,
            tasks_snooze,
            repeat_preview,
            reminders_fired,
            cadences_list,
            cadences_create,
            cadences_update,
            cadences_delete,
            cadences_apply,
            custom_fields_list,
            custom_fields_create,
            custom_fields_delete,
            trash_list,
            trash_restore,
            trash_purge,
            trash_empty,
            search_global,
            security_status,
            security_set_passphrase,
            security_recover,
            audit_list,
            audit_export_csv,
            open_external,
            logs_open_folder,
            export_file,
            backup_list,
            backup_now,
            backup_verify,
            backup_restore,
            backup_settings_get,
            backup_settings_set,
            consent_list,
            consent_add,
            consent_purposes,
            gdpr_export,
            gdpr_erase,
            import_preview,
            import_run,
            import_cancel,
            import_undo,
            import_batches_list,
            import_save_rejected,
            pick_file,
            chart_export_save,
            scoring_train,
            scoring_rescore_cancel,
            scoring_model_summary,
            scoring_suggestions,
            scoring_rules_list,
            scoring_rules_add,
            scoring_rules_update,
            scoring_rules_remove,
            lead_explain,
            mail_accounts_list,
            mail_account_add,
            mail_account_update,
            mail_account_remove,
            mail_account_set_support,
            mail_account_test,
            mail_sync_now,
            mail_send,
            mail_send_template,
            outbox_for_person,
            mail_activity_info,
            mail_bounces_for_person,
            mail_sync_status,
            templates_list,
            templates_save,
            templates_remove,
            templates_preview,
            documents_list,
            documents_add,
            documents_update,
            documents_remove,
            team_status,
            team_create,
            team_invite,
            team_join,
            team_sync_now,
            team_conflicts,
            team_restore_conflict,
            team_leave,
            enrich_person,
            enrich_apply,
            enrich_undo,
            enrich_all_start,
            enrich_all_cancel,
            segments_fields,
            segments_check,
            segments_preview,
            segments_list,
            segments_add,
            segments_count,
            segments_members,
            segments_pin,
            segments_remove,
            orders_list,
            orders_get,
            orders_summary,
            orders_set_status,
            orders_delete,
            analytics_dashboard,
            analytics_filter_options,
            analytics_conversion,
            tickets_list,
            tickets_get,
            tickets_create,
            tickets_reply,
            tickets_reply_email,
            tickets_set_status,
            tickets_assign,
            tickets_set_priority,
            tickets_rate,
            support_metrics,
            support_metrics_csv,
            segments_update,
            people_bulk,
            people_export_save,
            rules_list,
            rules_add,
            rules_preview,
            rules_set_enabled,
            rules_remove,
            rules_history,
            calls_log,
            calls_lookup,
            calls_dial,
            rules_update,
            rules_fields,
            rules_export_file,
            rules_import_file,
            campaigns_list,
            campaigns_get,
            campaigns_add,
            campaigns_members,
            campaigns_add_members,
            campaigns_costs,
            campaigns_add_cost,
            campaigns_send,
            campaigns_report,
            campaigns_abtest,
            campaigns_abtest_setup,
            campaigns_progress,
            campaigns_pause,
            campaigns_resume,
            upsell_suggest,
            upsell_checkins,
            upsell_checkin_tasks,
            products_search,
            sla_calendars_list,
            sla_calendar_save,
            sla_calendar_remove,
            sla_holidays_from_ics,
            sla_policies_list,
            sla_policy_save,
            sla_policy_move,
            sla_policy_remove,
        ])
        .events(collect_events![
            events::DataChanged,
            events::ReminderFired,
            events::NotificationsUnavailable,
            events::NavigateRequested,
            events::RescoreProgress,
            events::EnrichAllProgress,
            events::EnrichAllFinished,
            events::SearchIndexProgress,
            events::StartupProgress
        ])
        // The core's rules, so the UI checks and shows what the core will accept without a copy of its own.
        .typ::<relata_core::domain::Language>()
        .typ::<events::NavTarget>()
        .constant("CURRENCY_DIGITS", ui_rules::currency_digits())
        .constant("TEXT_LIMITS", ui_rules::text_limits())
        .constant("DOCUMENT_LIMITS", relata_core::services::documents::limits())
        .constant("REPEAT_LIMITS", ui_rules::repeat_limits())
        .constant("CADENCE_LIMITS", ui_rules::cadence_limits())
        .constant("SCORING_WORDS", ui_rules::scoring_words())
        .constant("LANGUAGES", relata_core::domain::Language::ALL)
        .constant("COUNTRY_CODES", ui_rules::country_codes())
        .constant("MAIL_DEFAULTS", ui_rules::mail_defaults())
        .constant("REPEAT_DAYS", relata_core::domain::RepeatDay::ALL)
        .constant("ENTITIES", Entity::ALL)
        .constant("TOPICS", Topic::ALL)
        .constant("CAMPAIGN_CHANNELS", relata_core::domain::CampaignChannel::ALL)
        .constant("RULE_FORM", ui_rules::rule_form())
        .constant("SLA_HOLIDAY_SETS", relata_core::services::sla::holidays::set_codes())
        // Ids, unix-millisecond times and minor-unit money all stay below 2^53 (the core caps money there),
        // so JavaScript numbers hold them exactly.
        .dangerously_cast_bigints_to_number()
        .disable_serde_phases()
}

/// Writes the TypeScript bindings the UI imports. Run by a test; CI fails if the committed file differs.
pub fn export_bindings(path: &Path) -> Result<(), String> {
    let header = "// Generated by tauri-specta from the Rust commands (tests/ipc.rs). Do not edit.\n";
    specta_builder::<tauri::Wry>()
        .export(specta_typescript::Typescript::default().header(header), path)
        .map_err(|e| e.to_string())
}

/// Wires state, commands and events into a Tauri builder; the real app and the mock-runtime tests share it.
pub fn wire<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder.manage(state).invoke_handler(specta_builder::<R>().invoke_handler())
}

/// What runs once the app exists: typed events are registered and store changes are forwarded to the
/// webview. The app runs it from its setup hook; tests on the mock runtime call it directly.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    specta_builder::<R>().mount_events(app);
    let handle = app.clone();
    app.state::<AppState>().on_job_event(Arc::new(move |event: events::JobEvent| {
        use tauri_specta::Event;
        // A closed window cannot show progress; the job goes on regardless.
        let _ = match event {
            events::JobEvent::Rescore(e) => e.emit(&handle),
            events::JobEvent::EnrichAll(e) => e.emit(&handle),
            events::JobEvent::EnrichAllFinished(e) => e.emit(&handle),
        };
    }));
    let handle = app.clone();
    // The one place a change reaches the webview and the tray (the scheduler's wake sits in AppState).
    app.state::<AppState>().on_change(move |topics| {
        // A webview that is gone cannot refresh anyway; the write itself has succeeded.
        let _ = tauri_specta::Event::emit(&events::DataChanged { topics: topics.to_vec() }, &handle);
        // Follow-ups give the tray its count; the outbox and campaigns its running sends.
        if topics.iter().any(|t| matches!(t, Topic::Task | Topic::Mail | Topic::Campaign)) {
            tray::refresh(&handle);
        }
    });
}

/// What only the real desktop app has: the tray, close-to-tray, the reminder scheduler, daily backups, the
/// daily lead rescore and the search indexer (also once a store that failed at start is open).
fn start_desktop<R: Runtime>(app: &mut tauri::App<R>) {
    if tray::create(app.handle()).is_err() {
        // Without a tray (no status-notifier host), closing the window quits as usual.
        tracing::warn!("no tray icon; closing the window will quit");
    }
    start_jobs(app.handle());
    login_item::attach(app.handle());
    file_dialog::attach(app.handle());
    webview_locale::attach(app.handle());
    let handle = app.handle().clone();
    app.state::<AppState>().on_reopened(move || start_jobs(&handle));
}

/// The background jobs (reminders, backup, rescore, search indexer); the state keeps their handles and
/// cancels them at quit.
fn start_jobs<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    state.keep_jobs(reminders::start(app));
    state.keep_jobs(daily::start(app));
    state.keep_jobs(mail_jobs::start(app));
}

pub fn run(data_dir: PathBuf) {
    relata_core::logging::init(&data_dir);
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "relata starting");
    let secrets: Arc<dyn SecretStore> = Arc::new(KeyringSecrets::new());
    // A plaintext store takes minutes to encrypt: the window then starts first and shows the progress.
    let opening = relata_core::bootstrap::needs_encryption(&data_dir);
    let state = match opening {
        true => AppState::opening(data_dir),
        false => {
            let store = relata_core::bootstrap::open_store(&data_dir, Arc::new(SystemClock), secrets.as_ref());
            if let Err(e) = &store {
                tracing::error!(code = ?e.code, "cannot open the store");
            }
            AppState::new(data_dir, store)
        }
    };
    let desktop = tauri::Builder::default()
        // A second launch focuses the running one instead of starting a second window and scheduler.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| tray::show_main(app)))
        .plugin(tauri_plugin_autostart::Builder::new().build())
        // Used from Rust only (`pick_file`): the capability grants the webview none of its own commands.
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(tray::on_window_event);
    let state = state.with_secrets(secrets);
    state.on_open_external(|url| open::that_detached(url).map_err(|e| e.to_string()));
    let app = wire(desktop, state)
        .setup(move |app| {
            start(app.handle());
            start_desktop(app);
            if opening {
                startup::open_in_background(app.handle());
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            // Tauri's own error: no user data in it.
            tracing::error!(error = %e, "the window could not start");
            std::process::exit(1);
        }
    };
    app.run(|app, event| {
        if let tauri::RunEvent::Exit = event {
            let state = app.state::<AppState>();
            tauri::async_runtime::block_on(state.stop_jobs(std::time::Duration::from_secs(5)));
            tracing::info!("relata stopped");
        }
    });
}
