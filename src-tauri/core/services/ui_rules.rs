//! The rules the UI checks before it sends (the core checks them again on every write), gathered here so
//! the shell exports them into the UI's bindings: the UI never keeps a copy of its own.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{cadences, countries, custom_fields, recurrence, scoring, validate};
use crate::domain::money;

/// Longest texts, in characters (Unicode scalar values, as the core counts them; the UI counts the same).
#[derive(Debug, Clone, Serialize)]
pub struct TextLimits {
    pub name: usize,
    pub short: usize,
    pub label: usize,
    pub url: usize,
    pub email: usize,
    pub subject: usize,
    pub text: usize,
    pub custom_text: usize,
    pub field_label: usize,
    pub cadence_step_title: usize,
}

pub fn text_limits() -> TextLimits {
    TextLimits {
        name: validate::NAME_MAX,
        short: validate::SHORT_MAX,
        label: validate::LABEL_MAX,
        url: validate::URL_MAX,
        email: validate::EMAIL_MAX,
        subject: validate::SUBJECT_MAX,
        text: validate::TEXT_MAX,
        custom_text: validate::CUSTOM_TEXT_MAX,
        field_label: custom_fields::LABEL_LEN,
        cadence_step_title: cadences::STEP_TITLE_MAX,
    }
}

/// How many steps a cadence has at most, and how far after the start its last may fall.
#[derive(Debug, Clone, Serialize)]
pub struct CadenceLimits {
    pub max_steps: usize,
    pub max_offset_days: i32,
}

pub fn cadence_limits() -> CadenceLimits {
    CadenceLimits { max_steps: cadences::MAX_STEPS, max_offset_days: cadences::MAX_OFFSET_DAYS }
}

/// Bounds of a repeat rule's INTERVAL and COUNT.
#[derive(Debug, Clone, Serialize)]
pub struct RepeatLimits {
    pub max_interval: u32,
    pub max_count: u32,
}

pub fn repeat_limits() -> RepeatLimits {
    RepeatLimits { max_interval: recurrence::MAX_INTERVAL, max_count: recurrence::MAX_COUNT }
}

/// The lead-scoring attributes every store has, and the placeholder levels the model's explanations use
/// for a missing value and for the rare values folded together.
#[derive(Debug, Clone, Serialize)]
pub struct ScoringWords {
    pub attributes: &'static [&'static str],
    pub missing: &'static str,
    pub other: &'static str,
    /// A rule's points lie in -max_points..=max_points (and are not 0).
    pub max_points: i64,
}

pub fn scoring_words() -> ScoringWords {
    ScoringWords {
        attributes: scoring::BUILT_IN_ATTRIBUTES,
        missing: scoring::MISSING,
        other: scoring::OTHER,
        max_points: scoring::MAX_POINTS,
    }
}

/// Every ISO 4217 code with its minor digits.
pub fn currency_digits() -> BTreeMap<&'static str, u32> {
    money::minor_digits_table()
}

/// The countries an address may name by code (ISO 3166-1 alpha-2); the form shows their names in the reader's
/// language and sends the code. Text that names none of them is kept as typed (see `validate::country`).
pub fn country_codes() -> Vec<&'static str> {
    countries::codes()
}

/// What a new mail account starts with, and the security modes to choose from (`none` only for a loopback
/// host, which the core checks).
#[derive(Debug, Clone, Serialize)]
pub struct MailDefaults {
    pub per_minute: i32,
    pub per_day: i32,
    pub security: &'static [crate::domain::MailSecurity],
    /// Ports per security mode: [IMAP, SMTP].
    pub ports_tls: [u16; 2],
    pub ports_starttls: [u16; 2],
}

pub fn mail_defaults() -> MailDefaults {
    use crate::domain::{MailSecurity, DEFAULT_PER_DAY, DEFAULT_PER_MINUTE};
    const SECURITY: [MailSecurity; 3] = MailSecurity::ALL;
    MailDefaults {
        per_minute: DEFAULT_PER_MINUTE,
        per_day: DEFAULT_PER_DAY,
        security: &SECURITY,
        ports_tls: [993, 465],
        ports_starttls: [143, 587],
    }
}

/// What the rule form offers (docs/automation.md): every trigger and action kind the core runs, the
/// entities, the fields `set_field` may set per entity, the date columns `date_reached` watches, the values
/// of the enumerated fields, the bounds the core checks, and the built-in rules' shipped names (the UI shows
/// a built-in rule's name in the reader's language unless the user renamed it).
#[derive(Debug, Clone, Serialize)]
pub struct RuleForm {
    pub triggers: [&'static str; 12],
    pub actions: [&'static str; 12],
    pub entities: [crate::domain::RuleEntity; 6],
    /// The entities `no_activity_days` and `date_reached` watch.
    pub time_entities: [crate::domain::RuleEntity; 2],
    pub settable: BTreeMap<&'static str, &'static [&'static str]>,
    pub date_columns: BTreeMap<&'static str, Vec<&'static str>>,
    pub bands: [crate::domain::ScoreBand; 3],
    pub sla_levels: [crate::domain::SlaLevel; 2],
    pub priorities: [crate::domain::TicketPriority; 4],
    pub lifecycles: [crate::domain::Lifecycle; 4],
    pub lead_statuses: [crate::domain::LeadStatus; 3],
    pub max_actions: usize,
    pub max_quiet_days: u32,
    pub max_date_days: i32,
    pub builtin_names: BTreeMap<&'static str, String>,
}

pub fn rule_form() -> RuleForm {
    use super::automation::{actions, dates, time, MAX_ACTIONS};
    use crate::domain::{Action, LeadStatus, Lifecycle, RuleEntity, ScoreBand, SlaLevel, TicketPriority, Trigger};
    let mut date_columns: BTreeMap<&'static str, Vec<&'static str>> = BTreeMap::new();
    for &(entity, column) in dates::DATE_COLUMNS {
        date_columns.entry(entity).or_default().push(column);
    }
    RuleForm {
        triggers: Trigger::KINDS,
        actions: Action::KINDS,
        entities: RuleEntity::ALL,
        time_entities: [RuleEntity::Person, RuleEntity::Deal],
        settable: actions::SETTABLE.iter().copied().collect(),
        date_columns,
        bands: ScoreBand::ALL,
        sla_levels: SlaLevel::ALL,
        priorities: TicketPriority::ALL,
        lifecycles: Lifecycle::ALL,
        lead_statuses: LeadStatus::ALL,
        max_actions: MAX_ACTIONS,
        max_quiet_days: time::MAX_QUIET_DAYS,
        max_date_days: dates::MAX_DAYS,
        builtin_names: crate::store::builtin_rules::defaults().into_iter().map(|(k, d)| (k, d.name)).collect(),
    }
}
