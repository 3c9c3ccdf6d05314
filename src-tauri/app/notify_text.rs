//! The few words a native notification needs, in the user's language. The webview's i18n cannot help
//! here: notifications are shown while the window may be closed.

use chrono::{Local, TimeZone};

use relata_core::clock::Millis;
use relata_core::domain::Task;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Nl,
    De,
    Da,
}

impl Lang {
    /// From a setting or an OS locale like "nl-NL"; anything else is English.
    pub fn from_tag(tag: Option<&str>) -> Lang {
        match tag.map(|t| t.get(..2).unwrap_or(t).to_ascii_lowercase()).as_deref() {
            Some("nl") => Lang::Nl,
            Some("de") => Lang::De,
            Some("da") => Lang::Da,
            _ => Lang::En,
        }
    }
}

/// Summary and body of the notification for one due follow-up.
pub fn single(task: &Task, lang: Lang) -> (String, String) {
    let due = match lang {
        Lang::En => "Due",
        Lang::Nl => "Gepland",
        Lang::De => "Fällig",
        Lang::Da => "Forfalder",
    };
    let who = task.person_name.as_ref().or(task.company_name.as_ref()).or(task.deal_title.as_ref());
    let when = format!("{due} {}", local_time(task.due_at, lang));
    let body = match who {
        Some(w) => format!("{w} · {when}"),
        None => when,
    };
    (task.title.clone(), body)
}

/// Summary and body of the one notification that stands for several follow-ups due at once.
pub fn summary(tasks: &[Task], lang: Lang) -> (String, String) {
    let n = tasks.len();
    let title = match lang {
        Lang::En => format!("{n} follow-ups are overdue"),
        Lang::Nl => format!("{n} follow-ups staan open"),
        Lang::De => format!("{n} Follow-ups sind fällig"),
        Lang::Da => format!("{n} opfølgninger er forfaldne"),
    };
    const SHOWN: usize = 4;
    let mut lines: Vec<String> = tasks.iter().take(SHOWN).map(|t| format!("• {}", t.title)).collect();
    if n > SHOWN {
        lines.push(format!("+{}", n - SHOWN));
    }
    (title, lines.join("\n"))
}

/// The tray menu's labels: open the window, open today's list, quit.
pub fn tray_menu(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::En => ["Open Relata", "Today's follow-ups", "Quit"],
        Lang::Nl => ["Relata openen", "Follow-ups van vandaag", "Afsluiten"],
        Lang::De => ["Relata öffnen", "Heutige Follow-ups", "Beenden"],
        Lang::Da => ["Åbn Relata", "Dagens opfølgninger", "Afslut"],
    }
}

/// The tray icon's tooltip for `n` follow-ups due today or overdue.
pub fn tray_tooltip(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::En, 1) => "Relata: 1 follow-up due".into(),
        (Lang::En, _) => format!("Relata: {n} follow-ups due"),
        (Lang::Nl, 1) => "Relata: 1 follow-up gepland".into(),
        (Lang::Nl, _) => format!("Relata: {n} follow-ups gepland"),
        (Lang::De, 1) => "Relata: 1 Follow-up fällig".into(),
        (Lang::De, _) => format!("Relata: {n} Follow-ups fällig"),
        (Lang::Da, 1) => "Relata: 1 opfølgning forfalder".into(),
        (Lang::Da, _) => format!("Relata: {n} opfølgninger forfalder"),
    }
}

fn local_time(ms: Millis, lang: Lang) -> String {
    let pattern = match lang {
        Lang::En => "%Y-%m-%d %H:%M",
        Lang::Nl => "%d-%m-%Y %H:%M",
        Lang::De => "%d.%m.%Y %H:%M",
        Lang::Da => "%d.%m.%Y %H.%M",
    };
    Local.timestamp_millis_opt(ms).single().map(|t| t.format(pattern).to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        }
    }

    #[test]
    fn language_comes_from_the_tag_prefix() {
        assert_eq!(Lang::from_tag(Some("nl-NL")), Lang::Nl);
        assert_eq!(Lang::from_tag(Some("da")), Lang::Da);
        assert_eq!(Lang::from_tag(Some("DE_AT")), Lang::De);
        assert_eq!(Lang::from_tag(Some("fr-FR")), Lang::En);
        assert_eq!(Lang::from_tag(None), Lang::En);
    }

    #[test]
    fn single_names_who_and_when() {
        let (title, body) = single(&task("Call back", Some("Jørgen Østergaard")), Lang::Da);
        assert_eq!(title, "Call back");
        assert!(body.starts_with("Jørgen Østergaard · Forfalder "), "{body}");
    }

    #[test]
    fn summary_counts_and_lists_a_few() {
        let tasks: Vec<Task> = (0..6).map(|i| task(&format!("T{i}"), None)).collect();
        let (title, body) = summary(&tasks, Lang::En);
        assert_eq!(title, "6 follow-ups are overdue");
        assert_eq!(body, "• T0\n• T1\n• T2\n• T3\n+2");
        assert_eq!(summary(&tasks[..2], Lang::De).0, "2 Follow-ups sind fällig");
    }

    #[test]
    fn tray_tooltip_handles_one_and_many() {
        assert_eq!(tray_tooltip(1, Lang::En), "Relata: 1 follow-up due");
        assert_eq!(tray_tooltip(0, Lang::Da), "Relata: 0 opfølgninger forfalder");
        assert_eq!(tray_tooltip(3, Lang::Nl), "Relata: 3 follow-ups gepland");
    }
}
