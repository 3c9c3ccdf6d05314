//! Generated people with their emails, phones, tags, custom values and search entries.

use rusqlite::{params, Connection, Transaction};

use super::super::names::{Country, JOB_TITLES, OWNERS, SOURCES, TAGS};
use super::companies::{country, postal_code};
use super::{days_ago, in_batches, Counts, Progress, ANCHOR_MS, DAY_MS};
use relata_core::domain::{CustomValue, Id};
use relata_core::error::AppResult;
use relata_core::rng::Rng;
use relata_core::services::people::sort_name;
use relata_core::store::fold::fold;
use relata_core::store::fts::{self, Index};

/// The tag every figure filters on: about one person in twenty has it.
pub const BENCH_TAG: &str = "vip";
const SEGMENTS: &[&str] = &["SMB", "Mid-market", "Enterprise", "Public"];
const PRIVATE_MAIL: &[&str] = &["gmail.com", "outlook.com", "web.de", "gmx.de", "ziggo.nl", "jubii.dk"];

/// The ids of the tags and custom fields every person draws from.
pub struct Vocabulary {
    tag_ids: Vec<Id>,
    segment: Id,
    budget: Id,
    contract_end: Id,
}

impl Vocabulary {
    pub fn create(conn: &Connection) -> AppResult<Vocabulary> {
        let mut tag_ids = Vec::new();
        for name in TAGS {
            conn.execute("INSERT INTO tags (name, key) VALUES (?1, ?2)", [name, &name.to_lowercase().as_str()])?;
            tag_ids.push(conn.last_insert_rowid());
        }
        let choices = serde_json::to_string(SEGMENTS)?;
        let def = |key: &str, label: &str, kind: &str, choices: &str, position: i64| -> AppResult<Id> {
            conn.execute(
                "INSERT INTO custom_field_defs (entity, key, label, kind, choices, position, created_at, updated_at)
                 VALUES ('person', ?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![key, label, kind, choices, position, ANCHOR_MS],
            )?;
            Ok(conn.last_insert_rowid())
        };
        Ok(Vocabulary {
            segment: def("segment", "Segment", "choice", &choices, 0)?,
            budget: def("budget", "Budget", "number", "[]", 1)?,
            contract_end: def("contract_end", "Contract end", "date", "[]", 2)?,
            tag_ids,
        })
    }
}

/// Writes people 1..=n and returns each one's company id (0 for none), index `id - 1`.
pub fn write(
    conn: &mut Connection,
    seed: u64,
    counts: &Counts,
    company_names: &[String],
    vocab: &Vocabulary,
    progress: Progress,
) -> AppResult<Vec<u32>> {
    let mut rng = Rng::stream(seed, 2);
    let mut companies = Vec::with_capacity(counts.people as usize);
    in_batches(conn, "people", counts.people, progress, |tx, i| {
        let id = i as i64 + 1;
        let c = country(&mut rng);
        let company = if rng.chance(85) { rng.range(1, counts.companies as i64) } else { 0 };
        let company_name = (company > 0).then(|| company_names[company as usize - 1].as_str());
        let (first, last) = (*rng.pick_skewed(c.first), *rng.pick_skewed(c.last));
        let emails = emails(&mut rng, c, id, first, last, company);
        let phone = rng.chance(90).then(|| phone(&mut rng, c));
        write_person(tx, &mut rng, c, id, first, last, company)?;
        for (pos, (label, value)) in emails.iter().enumerate() {
            tx.prepare_cached("INSERT INTO person_emails (person_id, position, label, value) VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![id, pos as i64, label, value])?;
        }
        if let Some(p) = &phone {
            tx.prepare_cached(
                "INSERT INTO person_phones (person_id, position, label, value) VALUES (?1, 0, 'mobile', ?2)",
            )?
            .execute(params![id, p])?;
        }
        write_tags(tx, &mut rng, vocab, id)?;
        write_custom(tx, &mut rng, vocab, id)?;
        // The same parts, in the same order, as the person service's reindex (a test holds them equal).
        let mut parts: Vec<&str> = vec![first, last];
        parts.extend(emails.iter().map(|(_, e)| e.as_str()));
        parts.extend(phone.as_deref());
        parts.extend(company_name);
        fts::insert(tx, Index::People, id, &parts)?;
        companies.push(company as u32);
        Ok(())
    })?;
    Ok(companies)
}

fn write_person(
    tx: &Transaction,
    rng: &mut Rng,
    c: &Country,
    id: Id,
    first: &str,
    last: &str,
    company: i64,
) -> AppResult<()> {
    let (city, region) = *rng.pick(c.cities);
    let (lifecycle, lead_status) = match rng.below(20) {
        0..=9 => ("lead", if rng.chance(85) { Some("open") } else { Some("lost") }),
        10..=13 => ("qualified", Some("converted")),
        14..=18 => ("customer", if rng.chance(70) { Some("converted") } else { None }),
        _ => ("churned", None),
    };
    let created = days_ago(rng, 3 * 365);
    let updated = (created + rng.range(0, 200) * DAY_MS).min(ANCHOR_MS);
    tx.prepare_cached(
        "INSERT INTO people (id, first_name, last_name, sort_name, street, postal_code, city, region, country,
         company_id, job_title, owner, source, language, lifecycle, lead_status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?
    .execute(params![
        id,
        first,
        last,
        sort_name(first, last),
        format!("{} {}", rng.pick(c.streets), rng.range(1, 300)),
        postal_code(rng, c.code),
        city,
        region,
        c.code,
        (company > 0).then_some(company),
        rng.chance(70).then(|| *rng.pick(JOB_TITLES)),
        rng.pick(OWNERS),
        rng.pick(SOURCES),
        c.language,
        lifecycle,
        lead_status,
        created,
        updated,
    ])?;
    Ok(())
}

/// A work address at the company's domain (or a private one), sometimes a second, private one.
fn emails(rng: &mut Rng, c: &Country, id: Id, first: &str, last: &str, company: i64) -> Vec<(&'static str, String)> {
    let local = |sep: &str| {
        let clean = |s: &str| fold(s).chars().filter(char::is_ascii_alphanumeric).collect::<String>();
        format!("{}{sep}{}{}", clean(first), clean(last), id % 1000)
    };
    let mut out = Vec::with_capacity(2);
    if company > 0 {
        out.push(("work", format!("{}@company{company}.{}", local("."), c.mail_domain)));
    }
    if company == 0 || rng.chance(25) {
        out.push(("home", format!("{}@{}", local("_"), rng.pick(PRIVATE_MAIL))));
    }
    out
}

/// A mobile number in the stored form (`+` and digits only).
fn phone(rng: &mut Rng, c: &Country) -> String {
    format!("{}{}", c.phone_prefix.replace(' ', ""), rng.range(10_000_000, 99_999_999))
}

fn write_tags(tx: &Transaction, rng: &mut Rng, vocab: &Vocabulary, id: Id) -> AppResult<()> {
    let mut chosen: Vec<Id> = Vec::with_capacity(3);
    // The bench tag is drawn on its own, so its share stays put whatever the other tags do.
    if rng.chance(5) {
        chosen.push(vocab.tag_ids[0]);
    }
    for _ in 0..rng.below(3) {
        let tag = vocab.tag_ids[1 + rng.below(vocab.tag_ids.len() as u64 - 1) as usize];
        if !chosen.contains(&tag) {
            chosen.push(tag);
        }
    }
    for (pos, tag) in chosen.iter().enumerate() {
        tx.prepare_cached("INSERT INTO taggings (entity, record_id, tag_id, position) VALUES ('person', ?1, ?2, ?3)")?
            .execute(params![id, tag, pos as i64])?;
    }
    Ok(())
}

fn write_custom(tx: &Transaction, rng: &mut Rng, vocab: &Vocabulary, id: Id) -> AppResult<()> {
    let mut values: Vec<(Id, CustomValue)> = Vec::with_capacity(3);
    if rng.chance(60) {
        values.push((vocab.segment, CustomValue::Text(rng.pick(SEGMENTS).to_string())));
    }
    if rng.chance(30) {
        values.push((vocab.budget, CustomValue::Number((rng.range(1, 500) * 1000) as f64)));
    }
    if rng.chance(20) {
        let day = chrono::DateTime::from_timestamp_millis(ANCHOR_MS + rng.range(0, 720) * DAY_MS).unwrap_or_default();
        values.push((vocab.contract_end, CustomValue::Text(day.format("%Y-%m-%d").to_string())));
    }
    for (def, value) in values {
        tx.prepare_cached(
            "INSERT INTO custom_values (entity, record_id, def_id, value) VALUES ('person', ?1, ?2, ?3)",
        )?
        .execute(params![id, def, serde_json::to_string(&value)?])?;
    }
    Ok(())
}
