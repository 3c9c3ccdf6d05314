//! Generated companies: "Møller ApS", "Polderdata B.V.", "Schröder GmbH", each with a domain, an industry
//! and an address in its country.

use rusqlite::{params, Connection};

use super::super::names::{Country, COMPANY_WORDS, COUNTRIES, INDUSTRIES, OWNERS};
use super::{days_ago, in_batches, Progress};
use relata_core::error::AppResult;
use relata_core::rng::Rng;
use relata_core::services::companies;
use relata_core::store::fold::fold;

const SIZES: &[&str] = &["micro", "small", "medium", "large", "enterprise"];

/// A country: 40% Dutch, 40% German, 20% Danish, the same for every seed.
pub fn country(rng: &mut Rng) -> &'static Country {
    match rng.below(10) {
        0..=3 => &COUNTRIES[0],
        4..=7 => &COUNTRIES[2],
        _ => &COUNTRIES[1],
    }
}

/// Writes the companies (ids 1..=n) and returns their names, index `id - 1`.
pub fn write(conn: &mut Connection, seed: u64, n: u64, progress: Progress) -> AppResult<Vec<String>> {
    let mut rng = Rng::stream(seed, 1);
    let mut names = Vec::with_capacity(n as usize);
    in_batches(conn, "companies", n, progress, |tx, i| {
        let id = i as i64 + 1;
        let c = country(&mut rng);
        let base = if rng.chance(50) {
            rng.pick_skewed(c.last).to_string()
        } else {
            format!("{}{}", rng.pick(COMPANY_WORDS), rng.pick(COMPANY_WORDS).to_lowercase())
        };
        // The id keeps names (and domains) unique enough to be told apart in a list.
        let name = format!("{base} {} {}", rng.pick(c.company_forms), id);
        let slug: String = fold(&base).chars().filter(char::is_ascii_alphanumeric).collect();
        let domain = format!("{slug}{id}.{}", c.mail_domain);
        let (city, region) = *rng.pick(c.cities);
        let created = days_ago(&mut rng, 5 * 365);
        tx.prepare_cached(
            "INSERT INTO companies (id, name, name_key, sort_name, domain, industry, size, street, postal_code, city,
             region, country, phone, website, owner, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
        )?
        .execute(params![
            id,
            name,
            name.to_lowercase(),
            fold(&name),
            domain,
            rng.pick(INDUSTRIES),
            rng.pick(SIZES),
            format!("{} {}", rng.pick(c.streets), rng.range(1, 250)),
            postal_code(&mut rng, c.code),
            city,
            region,
            c.code,
            format!("{}{}", c.phone_prefix.replace(' ', ""), rng.range(1_000_000, 9_999_999)),
            format!("https://www.{domain}"),
            rng.pick(OWNERS),
            created,
        ])?;
        // The company service's own indexing, so search sees exactly what it would after a normal save.
        companies::reindex(tx, id)?;
        names.push(name);
        Ok(())
    })?;
    Ok(names)
}

pub fn postal_code(rng: &mut Rng, country: &str) -> String {
    match country {
        "NL" => {
            let letters = b"ABCEGHJKLMNPRSTVWXZ";
            let (a, b) = (*rng.pick(letters) as char, *rng.pick(letters) as char);
            format!("{} {a}{b}", rng.range(1000, 9999))
        }
        "DK" => rng.range(1000, 9990).to_string(),
        _ => format!("{:05}", rng.range(1067, 99998)),
    }
}
