//! The few words a native notification and the tray need, in the user's language. The words themselves
//! are the `desktop.*` keys of the UI's locale files (see `i18n`): one source, checked in all four languages.

use chrono::format::{Item, StrftimeItems};
use chrono::{Local, TimeZone};

use relata_core::clock::Millis;
use relata_core::domain::{AlertKind, BreachAlert, SendProgress, Task};
pub use relata_core::i18n::Lang;
use relata_core::i18n::{t, t_count};

/// Every key used here (in the `desktop` section of the UI's locale files); the plural ones have `_one`
/// and `_other` forms. `npm run i18n:check` reads the `"desktop.…"` literals of this file too.
#[cfg(test)]
const KEYS: &[&str] = &[
    DUE,
    OVERDUE,
    TRAY_OPEN,
    TRAY_TODAY,
    TRAY_QUIT,
    TRAY_TOOLTIP,
    TRAY_SENDING,
    TRAY_PAUSED,
    DATE_TIME_FORMAT,
    ACTIONS[0],
    ACTIONS[1],
    ACTIONS[2],
    ACTIONS[3],
    ACTIONS[4],
    SLA_WARNING,
    SLA_BREACH,
    SLA_SEVERAL,
    SLA_TARGETS[0],
    SLA_TARGETS[1],
    SLA_TARGETS[2],
];
const DUE: &str = "desktop.due";
const OVERDUE: &str = "desktop.overdue";
const TRAY_OPEN: &str = "desktop.trayOpen";
const TRAY_TODAY: &str = "desktop.trayToday";
const TRAY_QUIT: &str = "desktop.trayQuit";
const TRAY_TOOLTIP: &str = "desktop.trayTooltip";
/// A campaign send that is running, or paused: its name, messages sent and their total.
const TRAY_SENDING: &str = "desktop.traySending";
const TRAY_PAUSED: &str = "desktop.trayPaused";
/// A reminder's buttons: open, done, snooze 10 minutes, snooze 1 hour, tomorrow 9:00.
const ACTIONS: [&str; 5] = [
    "desktop.actionOpen",
    "desktop.actionDone",
    "desktop.actionSnooze10m",
    "desktop.actionSnooze1h",
    "desktop.actionTomorrow",
];
/// An SLA breach warning's title, a breach's, several at once (plural), and the clocks' names.
const SLA_WARNING: &str = "desktop.slaWarning";
const SLA_BREACH: &str = "desktop.slaBreach";
const SLA_SEVERAL: &str = "desktop.slaSeveral";
const SLA_TARGETS: [&str; 3] = ["desktop.slaFirstResponse", "desktop.slaNextReply", "desktop.slaResolution"];
/// A chrono strftime pattern, per language.
const DATE_TIME_FORMAT: &str = "desktop.dateTimeFormat";

/// Summary and body of the notification for one due follow-up.
pub fn single(task: &Task, lang: Lang) -> (String, String) {
    let who = task.person_name.as_ref().or(task.company_name.as_ref()).or(task.deal_title.as_ref());
    let when = t(lang, DUE, &[("when", &local_time(task.due_at, lang))]);
    let body = match who {
        Some(w) => format!("{w} · {when}"),
        None => when,
    };
    (task_title(task, lang), body)
}

/// Summary and body of the one notification that stands for several follow-ups due at once.
pub fn summary(tasks: &[Task], lang: Lang) -> (String, String) {
    let n = tasks.len();
    let title = t_count(lang, OVERDUE, n, &[]);
    const SHOWN: usize = 4;
    let mut lines: Vec<String> = tasks.iter().take(SHOWN).map(|t| format!("• {}", task_title(t, lang))).collect();
    if n > SHOWN {
        lines.push(format!("+{}", n - SHOWN));
    }
    (title, lines.join("\n"))
}

/// The tray menu's labels: open the window, open today's list, quit.
pub fn tray_menu(lang: Lang) -> [String; 3] {
    [t(lang, TRAY_OPEN, &[]), t(lang, TRAY_TODAY, &[]), t(lang, TRAY_QUIT, &[])]
}

/// The tray's line for a campaign send: "Sending <campaign>: 120 of 500" (or paused).
pub fn tray_sending(p: &SendProgress, lang: Lang) -> String {
    let (sent, total) = (p.sent.to_string(), p.total.to_string());
    let vars = [("name", p.name.as_str()), ("sent", sent.as_str()), ("total", total.as_str())];
    t(lang, if p.paused { TRAY_PAUSED } else { TRAY_SENDING }, &vars)
}

/// A task's title; one the app wrote (a lead turning hot) in `lang`.
fn task_title(task: &Task, lang: Lang) -> String {
    task.system_event.as_ref().map_or_else(|| task.title.clone(), |e| e.task_title(lang))
}

/// Summary and body of the notification for SLA breach warnings (one, or several at once).
pub fn breach(alerts: &[BreachAlert], lang: Lang) -> (String, String) {
    let line = |a: &BreachAlert| {
        let target = t(lang, SLA_TARGETS[a.target as usize], &[]);
        let minutes = a.minutes_left.to_string();
        let vars = [("number", a.number.as_str()), ("target", target.as_str()), ("minutes", minutes.as_str())];
        match a.kind {
            AlertKind::Warning => t(lang, SLA_WARNING, &vars),
            AlertKind::Breach => t(lang, SLA_BREACH, &vars),
        }
    };
    match alerts {
        [one] => (line(one), one.subject.clone()),
        many => {
            let mut lines: Vec<String> = many.iter().take(4).map(|a| format!("• {}", line(a))).collect();
            if many.len() > 4 {
                lines.push(format!("+{}", many.len() - 4));
            }
            (t_count(lang, SLA_SEVERAL, many.len(), &[]), lines.join("\n"))
        }
    }
}

/// The labels of a reminder's buttons, in the order of `ACTIONS`.
pub fn action_labels(lang: Lang) -> [String; 5] {
    ACTIONS.map(|key| t(lang, key, &[]))
}

/// The tray icon's tooltip for `n` follow-ups due today or overdue.
pub fn tray_tooltip(n: usize, lang: Lang) -> String {
    t_count(lang, TRAY_TOOLTIP, n, &[])
}

fn local_time(ms: Millis, lang: Lang) -> String {
    let pattern = t(lang, DATE_TIME_FORMAT, &[]);
    // A pattern chrono cannot read would panic when formatted: fall back to ISO.
    let items: Vec<Item> = StrftimeItems::new(&pattern).collect();
    let items = if items.contains(&Item::Error) { StrftimeItems::new("%Y-%m-%d %H:%M").collect() } else { items };
    Local.timestamp_millis_opt(ms).single().map(|t| t.format_with_items(items.iter()).to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use relata_core::domain::{ScoreBand, SystemEvent};

    fn task(title: &str, person: Option<&str>) -> Task {
        Task {
            id: 1,
            title: title.into(),
            notes: None,
            due_at: 0,
            remind_at: None,
            done_at: None,
            notified_at: None,
            repeat: None,
            repeat_rule: None,
            time_zone: None,
            person_id: None,
            person_name: person.map(str::to_string),
            company_id: None,
            company_name: None,
            deal_id: None,
            deal_title: None,
            owner: None,
            created_at: 0,
            updated_at: 0,
            system_event: None,
        }
    }

    #[test]
    fn every_key_used_is_in_all_four_languages_and_every_date_pattern_reads() {
        for lang in Lang::ALL {
            for key in KEYS {
                assert!(relata_core::i18n::has(lang, key), "{lang:?} lacks {key}");
            }
            let pattern = t(lang, DATE_TIME_FORMAT, &[]);
            assert!(!StrftimeItems::new(&pattern).any(|i| i == Item::Error), "{lang:?}: {pattern}");
            assert!(!local_time(0, lang).is_empty());
        }
    }

    #[test]
    fn every_desktop_key_in_the_locale_files_is_used() {
        let en: serde_json::Value = serde_json::from_str(include_str!("../../ui/src/i18n/locales/en.json")).unwrap();
        for key in en["desktop"].as_object().unwrap().keys() {
            let base = key.trim_end_matches("_one").trim_end_matches("_other");
            assert!(KEYS.contains(&format!("desktop.{base}").as_str()), "desktop.{key} is not used");
        }
    }

    #[test]
    fn the_trays_sending_line_names_the_campaign_and_its_counts() {
        let p = SendProgress {
            campaign_id: 1,
            name: "Spring".into(),
            total: 500,
            queued: 377,
            sent: 120,
            failed: 3,
            skipped: 0,
            paused: false,
            running: true,
        };
        assert_eq!(tray_sending(&p, Lang::En), "Sending Spring: 120 of 500");
        let paused = SendProgress { paused: true, ..p };
        assert_eq!(tray_sending(&paused, Lang::De), "Spring pausiert: 120 von 500 gesendet");
    }

    #[test]
    fn single_names_who_and_when() {
        let (title, body) = single(&task("Call back", Some("Jørgen Østergaard")), Lang::Da);
        assert_eq!(title, "Call back");
        assert!(body.starts_with("Jørgen Østergaard · Forfalder "), "{body}");
        let (_, body) = single(&task("Call back", None), Lang::De);
        assert!(body.starts_with("Fällig ") && body.contains('.'), "{body}");
    }

    #[test]
    fn summary_counts_and_lists_a_few() {
        let tasks: Vec<Task> = (0..6).map(|i| task(&format!("T{i}"), None)).collect();
        let (title, body) = summary(&tasks, Lang::En);
        assert_eq!(title, "6 follow-ups are overdue");
        assert_eq!(body, "• T0\n• T1\n• T2\n• T3\n+2");
        assert_eq!(summary(&tasks[..2], Lang::De).0, "2 Follow-ups sind fällig");
        assert_eq!(summary(&tasks[..2], Lang::Da).0, "2 opfølgninger er forfaldne");
        let mut hot = task("Ada Lead", None);
        hot.system_event = Some(SystemEvent::LeadHot { person: "Ada Lead".into(), score: 81, band: ScoreBand::Hot });
        assert_eq!(single(&hot, Lang::De).0, "Melde dich bei Ada Lead: Lead-Score 81 (Heiß)");
        assert_eq!(
            summary(&[hot.clone(), hot], Lang::En).1.lines().next(),
            Some("• Follow up with Ada Lead: lead score 81 (Hot)")
        );
    }

    #[test]
    fn breach_warnings_name_the_ticket_its_clock_and_the_time_left() {
        use relata_core::domain::SlaTarget;
        let alert = |kind, target| BreachAlert {
            ticket_id: 1,
            number: "T-000007".into(),
            subject: "Printer".into(),
            assignee: None,
            target,
            kind,
            due_at: 0,
            minutes_left: 25,
        };
        let warn = alert(AlertKind::Warning, SlaTarget::FirstResponse);
        assert_eq!(
            breach(std::slice::from_ref(&warn), Lang::En),
            ("T-000007: first response due in 25 min".into(), "Printer".into())
        );
        assert_eq!(breach(std::slice::from_ref(&warn), Lang::Nl).0, "T-000007: eerste reactie nog 25 min");
        let late = alert(AlertKind::Breach, SlaTarget::Resolution);
        assert_eq!(breach(std::slice::from_ref(&late), Lang::De).0, "T-000007: Lösungszeit überfällig");
        let (title, body) = breach(&[warn, late], Lang::Da);
        assert_eq!(title, "2 sager kræver opmærksomhed");
        assert_eq!(body.lines().count(), 2);
    }

    #[test]
    fn tray_tooltip_handles_one_and_many() {
        assert_eq!(tray_tooltip(1, Lang::En), "Relata: 1 follow-up due");
        assert_eq!(tray_tooltip(0, Lang::Da), "Relata: 0 opfølgninger forfalder");
        assert_eq!(tray_tooltip(3, Lang::Nl), "Relata: 3 follow-ups gepland");
        assert_eq!(tray_tooltip(1, Lang::De), "Relata: 1 Follow-up fällig");
        assert_eq!(tray_menu(Lang::Da), ["Åbn Relata", "Dagens opfølgninger", "Afslut"]);
        assert_eq!(action_labels(Lang::Nl)[3], "1 uur sluimeren");
    }
}
