//! Lead-scoring timings on a generated store (not a test: figures are printed, never asserted).
//!
//! `cargo run --release -p relata-core --example scoring_bench -- [OPEN_LEADS] [CLOSED_LEADS] [CUSTOM_FIELDS]`
//! (defaults 1_000_000, 10_000, 13: with the 17 built-in attributes that is 30 per lead).
//! Prints: training time (closed leads only, with their rescore), full rescore of every lead (first pass
//! writes every score, second pass finds nothing changed), one lead rescored by logging an activity, and
//! one explanation.

use std::sync::Arc;
use std::time::Instant;

use relata_core::clock::SystemClock;
use relata_core::domain::*;
use relata_core::services::{activities, custom_fields, scoring};
use relata_core::store::Store;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() * n as f64) as usize % n
    }
}

const SOURCES: &[&str] = &["web", "referral", "event", "ads", "partner"];
const COUNTRIES: &[&str] = &["NL", "DE", "DK", "BE", "FR", "GB"];
const TITLES: &[&str] = &["CEO", "CTO", "Sales manager", "Engineer", "Buyer", "Founder", "Analyst"];
const CHOICES: &[&str] = &["a", "b", "c", "d"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.replace('_', "").parse().ok()).collect();
    let (open, closed, fields) = (
        args.first().copied().unwrap_or(1_000_000),
        args.get(1).copied().unwrap_or(10_000),
        args.get(2).copied().unwrap_or(13),
    );
    let dir = tempfile_dir()?;
    let store = Store::open(&dir, Arc::new(SystemClock))?;
    let mut defs = Vec::new();
    for f in 0..fields {
        let kind = [CustomFieldKind::Number, CustomFieldKind::Choice, CustomFieldKind::Boolean][f % 3];
        let choices =
            if kind == CustomFieldKind::Choice { CHOICES.iter().map(|c| c.to_string()).collect() } else { vec![] };
        let def = custom_fields::create(
            &store,
            CustomFieldInput { entity: Entity::Person, label: format!("F{f}"), kind, choices },
        )?;
        defs.push((def.id, kind));
    }
    let now = chrono::Utc::now().timestamp_millis();
    let t = Instant::now();
    generate(&dir, &defs, closed, true, now)?;
    println!("generated {closed} closed leads in {:.1?}", t.elapsed());

    let t = Instant::now();
    let report = scoring::train(&store)?;
    println!(
        "train: {:.0?} for {} closed leads x {} attributes ({} columns), AUC {:.3}, {} suggestions (includes rescoring them)",
        t.elapsed(),
        report.model.rows,
        17 + fields,
        report.model.features,
        report.model.auc,
        report.suggestions.len()
    );

    let t = Instant::now();
    generate(&dir, &defs, open, false, now)?;
    println!("generated {open} open leads in {:.1?}", t.elapsed());
    for pass in ["first (writes every score)", "second (nothing changed)"] {
        let t = Instant::now();
        let n = scoring::rescore_all(&store, &|_, _| {}, &std::sync::atomic::AtomicBool::new(false))?;
        println!("rescore_all, {pass}: {} leads, {} written, in {:.2?}", n.leads, n.changed, t.elapsed());
    }

    let id: Id = (closed + open / 2) as Id;
    let call = ActivityInput {
        kind: ActivityKind::Call,
        direction: Some(Direction::Outbound),
        subject: "bench".into(),
        body: None,
        occurred_at: None,
        duration_secs: None,
        person_id: Some(id),
        company_id: None,
        deal_id: None,
    };
    let mut samples = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        activities::create(&store, call.clone())?;
        samples.push(t.elapsed());
    }
    samples.sort();
    println!(
        "log an activity + rescore its lead (one transaction): median {:.2?}, max {:.2?}",
        samples[25], samples[49]
    );
    let t = Instant::now();
    let e = scoring::explain(&store, id)?;
    println!("explain one lead: {:.2?} (score {:?}, {} reasons)", t.elapsed(), e.score, e.contributions.len());
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("relata-scoring-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Writes leads straight into SQLite in one transaction (the services would also index them for search,
/// which scoring does not read).
fn generate(
    dir: &std::path::Path,
    defs: &[(Id, CustomFieldKind)],
    n: usize,
    closed: bool,
    now: i64,
) -> rusqlite::Result<()> {
    let mut conn = rusqlite::Connection::open(dir.join("relata.db"))?;
    let tx = conn.transaction()?;
    let mut rng = Rng(if closed { 1 } else { 2 });
    {
        let mut person = tx.prepare(
            "INSERT INTO people (first_name, last_name, sort_name, source, owner, job_title, country, language,
             lifecycle, lead_status, created_at, updated_at) VALUES (?1, 'Lead', ?1, ?2, ?3, ?4, ?5, ?6, 'lead', ?7, ?8, ?8)",
        )?;
        let mut value =
            tx.prepare("INSERT INTO custom_values (entity, record_id, def_id, value) VALUES ('person', ?1, ?2, ?3)")?;
        let mut activity = tx.prepare(
            "INSERT INTO activities (kind, subject, occurred_at, person_id, created_at, updated_at) VALUES ('call', '', ?1, ?2, ?1, ?1)",
        )?;
        for i in 0..n {
            let source = SOURCES[rng.below(SOURCES.len())];
            let signal = rng.next();
            let mut logit = -1.0 + if source == "referral" { 1.5 } else { 0.0 } + 2.0 * (signal - 0.5);
            let calls = rng.below(4);
            logit += 0.3 * calls as f64;
            let status = if !closed {
                "open"
            } else if rng.next() < 1.0 / (1.0 + (-logit).exp()) {
                "converted"
            } else {
                "lost"
            };
            let created = now - (rng.below(365) as i64) * 86_400_000;
            person.execute(rusqlite::params![
                format!("L{i}"),
                source,
                format!("owner{}", rng.below(8)),
                TITLES[rng.below(TITLES.len())],
                COUNTRIES[rng.below(COUNTRIES.len())],
                ["en", "nl", "de", "da"][rng.below(4)],
                status,
                created
            ])?;
            let id = tx.last_insert_rowid();
            for (f, (def, kind)) in defs.iter().enumerate() {
                let json = match kind {
                    CustomFieldKind::Number if f == 0 => format!("{}", (signal * 1000.0).round()),
                    CustomFieldKind::Number => format!("{}", rng.below(1000)),
                    CustomFieldKind::Choice => format!("\"{}\"", CHOICES[rng.below(CHOICES.len())]),
                    _ => (rng.next() < 0.5).to_string(),
                };
                value.execute(rusqlite::params![id, def, json])?;
            }
            for c in 0..calls {
                activity.execute(rusqlite::params![created + (c as i64 + 1) * 3_600_000, id])?;
            }
        }
    }
    tx.commit()
}
