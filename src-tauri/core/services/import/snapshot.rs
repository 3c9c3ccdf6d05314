//! Records as inputs again: for updating a record with imported values, restoring the values an import
//! replaced, and merging two people.

use crate::domain::{Company, CompanyInput, Person, PersonInput};
use crate::error::AppResult;

/// A person as an import noted them before updating, from the batch. A note written before `display_name`
/// existed has none: it is derived, so any value does (undo writes the input, not the name).
pub fn person_from_json(json: &str) -> AppResult<Person> {
    let mut value: serde_json::Value = serde_json::from_str(json)?;
    if let Some(fields) = value.as_object_mut() {
        fields.entry("display_name").or_insert_with(|| serde_json::Value::String(String::new()));
    }
    Ok(serde_json::from_value(value)?)
}

pub fn person_input(p: &Person) -> PersonInput {
    PersonInput {
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        emails: p.emails.clone(),
        phones: p.phones.clone(),
        address: p.address.clone(),
        socials: p.socials.clone(),
        company_id: p.company_id,
        company_name: None,
        job_title: p.job_title.clone(),
        owner: p.owner.clone(),
        tags: p.tags.clone(),
        source: p.source.clone(),
        preferred_channel: p.preferred_channel,
        language: p.language.clone(),
        lifecycle: p.lifecycle,
        lead_status: p.lead_status,
        external_id: p.external_id.clone(),
        custom: p.custom.clone(),
    }
}

pub fn company_input(c: &Company) -> CompanyInput {
    CompanyInput {
        name: c.name.clone(),
        domain: c.domain.clone(),
        industry: c.industry.clone(),
        size: c.size,
        address: c.address.clone(),
        phone: c.phone.clone(),
        website: c.website.clone(),
        owner: c.owner.clone(),
        tags: c.tags.clone(),
        custom: c.custom.clone(),
    }
}

/// `base` with every value `new` has laid over it; lists (emails, phones, tags, socials) are joined,
/// keeping the base's first.
pub fn overlay_person(base: PersonInput, new: PersonInput, lifecycle_given: bool) -> PersonInput {
    let pick = |n: Option<String>, b: Option<String>| n.or(b);
    let mut out = base;
    if !new.first_name.is_empty() || !new.last_name.is_empty() {
        out.first_name = new.first_name;
        out.last_name = new.last_name;
    }
    for e in new.emails {
        if !out.emails.iter().any(|x| x.value.eq_ignore_ascii_case(&e.value)) {
            out.emails.push(e);
        }
    }
    for p in new.phones {
        if !out.phones.iter().any(|x| x.value == p.value) {
            out.phones.push(p);
        }
    }
    for s in new.socials {
        if !out.socials.iter().any(|x| x.url == s.url) {
            out.socials.push(s);
        }
    }
    for t in new.tags {
        if !out.tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
            out.tags.push(t);
        }
    }
    let a = new.address;
    out.address.street = pick(a.street, out.address.street);
    out.address.postal_code = pick(a.postal_code, out.address.postal_code);
    out.address.city = pick(a.city, out.address.city);
    out.address.region = pick(a.region, out.address.region);
    out.address.country = pick(a.country, out.address.country);
    out.company_id = new.company_id.or(out.company_id);
    out.job_title = pick(new.job_title, out.job_title);
    out.owner = pick(new.owner, out.owner);
    out.source = pick(new.source, out.source);
    out.language = pick(new.language, out.language);
    out.external_id = pick(new.external_id, out.external_id);
    if lifecycle_given {
        out.lifecycle = new.lifecycle;
    }
    out.lead_status = new.lead_status.or(out.lead_status);
    out.custom.extend(new.custom);
    out
}

pub fn overlay_company(base: CompanyInput, new: CompanyInput) -> CompanyInput {
    let pick = |n: Option<String>, b: Option<String>| n.or(b);
    let mut out = base;
    let a = new.address;
    out.domain = pick(new.domain, out.domain);
    out.industry = pick(new.industry, out.industry);
    out.address.street = pick(a.street, out.address.street);
    out.address.postal_code = pick(a.postal_code, out.address.postal_code);
    out.address.city = pick(a.city, out.address.city);
    out.address.region = pick(a.region, out.address.region);
    out.address.country = pick(a.country, out.address.country);
    out.phone = pick(new.phone, out.phone);
    out.website = pick(new.website, out.website);
    out.owner = pick(new.owner, out.owner);
    for t in new.tags {
        if !out.tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
            out.tags.push(t);
        }
    }
    out.custom.extend(new.custom);
    out
}
