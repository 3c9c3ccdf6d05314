//! A/B tests: 2–4 variants (template and optional subject), a test portion of the members split at random
//! into equal groups with a recorded seed, and the report per variant (rate, Wilson interval, p-value
//! against the leader) with a winner only when the difference is significant.

use rusqlite::{Connection, OptionalExtension};

use super::responses::{members_in, DAY_MS};
use super::{load, stats};
use crate::domain::{AbMetric, AbReport, AbTestInput, AbVariantResult, CampaignChannel, CampaignMember, Id};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::rng::Rng;
use crate::services::records::{enum_str, parse_enum};
use crate::services::templates;
use crate::services::validate::{self as v, SUBJECT_MAX};
use crate::store::Store;

pub const VARIANTS_MIN: usize = 2;
pub const VARIANTS_MAX: usize = 4;
pub const WINDOW_DAYS_MAX: u32 = 365;
const ALPHA: f64 = 0.05;

/// Sets up the campaign's A/B test and splits its members: a shuffled order (seeded) whose first
/// `test_percent` % (rounded down to a multiple of the number of variants) form equal groups. Refused once
/// anything of the campaign was sent.
pub fn setup(store: &Store, campaign_id: Id, input: AbTestInput) -> AppResult<AbReport> {
    let k = input.variants.len();
    if !(VARIANTS_MIN..=VARIANTS_MAX).contains(&k) {
        return Err(AppError::field(ErrorCode::OutOfRange, "variants", "an A/B test has 2 to 4 variants"));
    }
    v::range("test_percent", i64::from(input.test_percent), 1, 100)?;
    v::range("window_days", i64::from(input.window_days), 1, i64::from(WINDOW_DAYS_MAX))?;
    let mut variants = Vec::with_capacity(k);
    for (i, variant) in input.variants.iter().enumerate() {
        let template = templates::find_by_name(store, &variant.template)
            .map_err(|e| AppError { field: Some(format!("variants.{i}.template")), ..e })?;
        let subject = v::optional(&format!("variants.{i}.subject"), variant.subject.as_deref(), SUBJECT_MAX)?;
        variants.push((template.id, subject));
    }
    let now = store.clock().now_ms();
    let seed = input.seed.unwrap_or(now);
    store.write(|tx| {
        let campaign = load(tx, campaign_id)?;
        if campaign.channel != CampaignChannel::Email {
            return Err(AppError::field(ErrorCode::Conflict, "channel", "only an email campaign has an A/B test"));
        }
        let sent: i64 =
            tx.query_row("SELECT count(*) FROM campaign_sends WHERE campaign_id = ?1", [campaign_id], |r| r.get(0))?;
        if sent > 0 {
            return Err(AppError::field(ErrorCode::Conflict, "campaign_id", "the campaign was sent already"));
        }
        tx.execute("DELETE FROM campaign_abtests WHERE campaign_id = ?1", [campaign_id])?;
        tx.execute("UPDATE campaign_members SET variant = NULL WHERE campaign_id = ?1", [campaign_id])?;
        let mut people: Vec<Id> = tx
            .prepare("SELECT person_id FROM campaign_members WHERE campaign_id = ?1 ORDER BY person_id")?
            .query_map([campaign_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let test = people.len() * input.test_percent as usize / 100 / k * k;
        if test < k {
            return Err(AppError::field(
                ErrorCode::OutOfRange,
                "test_percent",
                format!(
                    "{}% of {} members gives no group for each of the {k} variants",
                    input.test_percent,
                    people.len()
                ),
            ));
        }
        shuffle(&mut people, seed);
        tx.execute(
            "INSERT INTO campaign_abtests (campaign_id, seed, test_percent, metric, window_days, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![campaign_id, seed, input.test_percent, enum_str(&input.metric), input.window_days, now],
        )?;
        for (pos, (template_id, subject)) in variants.iter().enumerate() {
            tx.execute(
                "INSERT INTO campaign_variants (campaign_id, position, template_id, subject) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![campaign_id, pos as i64, template_id, subject],
            )?;
        }
        let mut assign =
            tx.prepare("UPDATE campaign_members SET variant = ?3 WHERE campaign_id = ?1 AND person_id = ?2")?;
        for (i, person) in people.iter().take(test).enumerate() {
            assign.execute(rusqlite::params![campaign_id, person, (i % k) as i64])?;
        }
        report_in(tx, campaign_id)?.ok_or_else(|| AppError::not_found("A/B test of campaign", campaign_id))
    })
}

/// Fisher–Yates with the project's seeded generator: the same seed and members give the same split.
fn shuffle(items: &mut [Id], seed: i64) {
    let mut rng = Rng::new(seed as u64);
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// The A/B test's results; `None` when the campaign has no test.
pub fn report(store: &Store, campaign_id: Id) -> AppResult<Option<AbReport>> {
    store.read(|conn| {
        load(conn, campaign_id)?;
        report_in(conn, campaign_id)
    })
}

fn report_in(conn: &Connection, campaign_id: Id) -> AppResult<Option<AbReport>> {
    let Some((seed, test_percent, metric, window_days, rest_variant)) = conn
        .query_row(
            "SELECT seed, test_percent, metric, window_days, rest_variant FROM campaign_abtests WHERE campaign_id = ?1",
            [campaign_id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, u32>(1)?,
                    parse_enum::<AbMetric>(&r.get::<_, String>(2)?)?,
                    r.get::<_, u32>(3)?,
                    r.get(4)?,
                ))
            },
        )
        .optional()?
    else {
        return Ok(None);
    };
    let variants: Vec<(String, Option<String>)> = conn
        .prepare(
            "SELECT t.name, v.subject FROM campaign_variants v JOIN templates t ON t.id = v.template_id
             WHERE v.campaign_id = ?1 ORDER BY v.position",
        )?
        .query_map([campaign_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let members = members_in(conn, campaign_id)?;
    let window = i64::from(window_days) * DAY_MS;
    let mut results: Vec<AbVariantResult> = variants
        .into_iter()
        .enumerate()
        .map(|(i, (template, subject))| {
            let sent: Vec<&CampaignMember> =
                members.iter().filter(|m| m.variant == Some(i as u32) && m.queued_at.is_some()).collect();
            let successes = sent.iter().filter(|m| success(m, metric, window)).count() as u32;
            let n = sent.len() as u32;
            let (rate, low, high) = stats::wilson(successes, n);
            AbVariantResult {
                variant: i as u32,
                template,
                subject,
                n,
                successes,
                rate,
                low,
                high,
                p_value: None,
                method: None,
            }
        })
        .collect();
    let leader = results
        .iter()
        .filter(|r| r.n > 0)
        .max_by(|a, b| a.rate.total_cmp(&b.rate).then(b.variant.cmp(&a.variant)))
        .map(|r| (r.variant, r.successes, r.n));
    let mut winner = None;
    if let Some((lead, lx, ln)) = leader {
        let others = results.len().saturating_sub(1).max(1) as f64;
        let mut all_beaten = true;
        for r in results.iter_mut().filter(|r| r.variant != lead) {
            // A variant nobody was sent to has no p-value, and nothing is beaten against it.
            if r.n == 0 {
                all_beaten = false;
                continue;
            }
            let (p, method) = stats::compare(lx, ln, r.successes, r.n);
            all_beaten &= r.rate < f64::from(lx) / f64::from(ln) && p < ALPHA / others;
            r.p_value = Some(p);
            r.method = Some(method);
        }
        winner = all_beaten.then_some(lead);
    }
    Ok(Some(AbReport {
        campaign_id,
        metric,
        window_days,
        seed,
        test_percent,
        variants: results,
        leader: leader.map(|l| l.0),
        winner,
        rest_variant,
    }))
}

/// Whether a sent member counts as a success of the metric within the window after their message.
fn success(m: &CampaignMember, metric: AbMetric, window: i64) -> bool {
    let Some(queued) = m.queued_at else { return false };
    match metric {
        // A reply is matched to the message it answers, so it cannot come before it: one dated earlier (the
        // sender's clock behind, or a Date header's whole seconds) counts as answered at once.
        AbMetric::Reply => m.replied_at.is_some_and(|t| t.max(queued) - queued <= window),
        AbMetric::Conversion => m.converted_at.is_some_and(|t| t >= queued && t - queued <= window),
    }
}
