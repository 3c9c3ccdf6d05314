use serde::{Deserialize, Serialize};
use specta::Type;

use super::ScoreBand;
use crate::i18n::{t, Lang};

/// What happened, on a task or an activity the app wrote itself: stored as this typed event rather than as
/// text, so every reader sees it in their own language (the UI through its locale files, the CLI in
/// English). The record's own title or subject then holds only the name it concerns, for places that show
/// text as stored (search, exports). An edit by the user makes the record their own text and drops it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SystemEvent {
    /// A lead's score crossed into the hot band: on its owner's follow-up task and on its timeline.
    LeadHot { person: String, score: i32, band: ScoreBand },
    /// A customer has not ordered for longer than their usual interval: a check-in task for their owner.
    CheckIn { person: String, days_since: u32, usual_days: u32 },
}

impl SystemEvent {
    /// The follow-up task's title, in `lang` (`system.*` keys of the locale files).
    pub fn task_title(&self, lang: Lang) -> String {
        match self {
            SystemEvent::LeadHot { person, score, band } => t(
                lang,
                "system.leadHot.task",
                &[("person", person), ("score", &score.to_string()), ("band", &band_label(lang, *band))],
            ),
            SystemEvent::CheckIn { person, days_since, usual_days } => t(
                lang,
                "system.checkIn.task",
                &[("person", person), ("days", &days_since.to_string()), ("usual", &usual_days.to_string())],
            ),
        }
    }

    /// The timeline note's subject and body, in `lang`.
    pub fn note(&self, lang: Lang) -> (String, String) {
        match self {
            SystemEvent::LeadHot { person, score, band } => {
                let vars =
                    [("person", person.as_str()), ("score", &score.to_string()), ("band", &band_label(lang, *band))];
                (t(lang, "system.leadHot.subject", &vars), t(lang, "system.leadHot.body", &vars))
            }
            // Only ever on a task: a note would read as its title.
            SystemEvent::CheckIn { .. } => (self.task_title(lang), String::new()),
        }
    }
}

fn band_label(lang: Lang, band: ScoreBand) -> String {
    let key = match band {
        ScoreBand::Hot => "scoring.band.hot",
        ScoreBand::Warm => "scoring.band.warm",
        ScoreBand::Cold => "scoring.band.cold",
    };
    t(lang, key, &[])
}

/// Every key the events use, for the tests that hold the locale files complete.
pub const SYSTEM_EVENT_KEYS: &[&str] = &[
    "system.leadHot.task",
    "system.leadHot.subject",
    "system.leadHot.body",
    "system.checkIn.task",
    "scoring.band.hot",
    "scoring.band.warm",
    "scoring.band.cold",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_in_all_four_languages_and_the_event_reads_in_each() {
        for lang in Lang::ALL {
            for key in SYSTEM_EVENT_KEYS {
                assert!(crate::i18n::has(lang, key), "{lang:?} lacks {key}");
            }
        }
        let hot = SystemEvent::LeadHot { person: "Ada Lead".into(), score: 81, band: ScoreBand::Hot };
        assert_eq!(hot.task_title(Lang::En), "Follow up with Ada Lead: lead score 81 (Hot)");
        assert_eq!(hot.note(Lang::Da).0, "Lead er blevet varm");
        assert_eq!(hot.note(Lang::Nl).1, "Leadscore 81 (Heet): er is een follow-up-taak voor Ada Lead aangemaakt.");
        let check = SystemEvent::CheckIn { person: "Kim".into(), days_since: 38, usual_days: 15 };
        assert_eq!(check.task_title(Lang::En), "Check in with Kim: no order for 38 days (usually every 15 days)");
        let json = serde_json::to_value(&hot).unwrap();
        assert_eq!(json, serde_json::json!({ "kind": "lead_hot", "person": "Ada Lead", "score": 81, "band": "hot" }));
    }
}
