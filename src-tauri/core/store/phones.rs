//! Migration 21's step: every stored phone number rewritten in E.164 (`crate::phone`), read in the
//! person's country, else their company's, else the app's region (setting, else its language). A number
//! that does not parse stays as it was. A person's number that becomes a duplicate of an earlier one goes.

use rusqlite::Transaction;

use crate::clock::Millis;
use crate::error::AppResult;
use crate::phone;

pub(super) fn to_e164(tx: &Transaction, _now: Millis) -> AppResult<()> {
    let app = app_region(tx)?;
    let rows: Vec<(i64, i64, String, Option<String>)> = tx
        .prepare(
            "SELECT ph.person_id, ph.position, ph.value, COALESCE(
                 CASE WHEN length(p.country) = 2 THEN p.country END,
                 CASE WHEN length(c.country) = 2 THEN c.country END)
             FROM person_phones ph JOIN people p ON p.id = ph.person_id
             LEFT JOIN companies c ON c.id = p.company_id
             ORDER BY ph.person_id, ph.position",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    let mut seen: (i64, Vec<String>) = (-1, Vec::new());
    let mut changed: Vec<i64> = Vec::new();
    for (person, position, value, country) in rows {
        let e164 = phone::normalize(&value, country.as_deref().or(app.as_deref()));
        if seen.0 != person {
            seen = (person, Vec::new());
        }
        if seen.1.contains(&e164) || e164 != value {
            changed.push(person);
        }
        if seen.1.contains(&e164) {
            tx.execute("DELETE FROM person_phones WHERE person_id = ?1 AND position = ?2", (person, position))?;
            continue;
        }
        if e164 != value {
            tx.execute(
                "UPDATE person_phones SET value = ?3 WHERE person_id = ?1 AND position = ?2",
                (person, position, &e164),
            )?;
        }
        seen.1.push(e164);
    }
    let companies: Vec<(i64, String, Option<String>)> = tx
        .prepare(
            "SELECT id, phone, CASE WHEN length(country) = 2 THEN country END FROM companies WHERE phone IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, value, country) in companies {
        let e164 = phone::normalize(&value, country.as_deref().or(app.as_deref()));
        if e164 != value {
            tx.execute("UPDATE companies SET phone = ?2 WHERE id = ?1", (id, &e164))?;
        }
    }
    // The people index holds each number's digits: the entries of the people whose numbers changed again.
    changed.dedup();
    for id in changed {
        super::people_index::index_range(tx, id, id, true)?;
    }
    Ok(())
}

/// The app's region as the settings table holds it (JSON values), read without the services.
fn app_region(tx: &Transaction) -> AppResult<Option<String>> {
    let get = |key: &str| -> AppResult<Option<String>> {
        let v: Option<String> = tx
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .map(Some)
            .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
        Ok(v.and_then(|v| serde_json::from_str::<Option<String>>(&v).ok().flatten()))
    };
    Ok(match get("region")? {
        Some(r) => Some(r),
        None => get("language")?.and_then(|l| phone::region_of_language(&l).map(str::to_string)),
    })
}
