//! The built-in fields each kind of import fills, and the column headers that name them: Relata's own
//! names plus what HubSpot, Pipedrive, Salesforce and hand-made spreadsheets call them.

use super::types::{ColumnMapping, ColumnTarget, ImportEntity};
use crate::error::{AppError, AppResult, ErrorCode};

/// (field, header aliases in `squash`ed form). The field's own name always matches too.
type Aliases = &'static [(&'static str, &'static [&'static str])];

const PEOPLE: Aliases = &[
    ("first_name", &["firstname", "first", "givenname", "forename", "voornaam", "vorname", "fornavn"]),
    ("last_name", &["lastname", "last", "surname", "familyname", "achternaam", "nachname", "efternavn"]),
    ("full_name", &["name", "fullname", "contactname", "contact", "personname", "naam"]),
    ("email", &["email", "emailaddress", "mail", "workemail", "businessemail", "primaryemail", "emailwork"]),
    ("email_home", &["homeemail", "personalemail", "privateemail", "emailhome"]),
    ("email_other", &["otheremail", "secondaryemail", "email2", "emailother", "additionalemail"]),
    (
        "phone",
        &[
            "phone",
            "phonenumber",
            "telephone",
            "tel",
            "workphone",
            "businessphone",
            "officephone",
            "phonework",
            "telefoon",
            "telefon",
        ],
    ),
    (
        "mobile",
        &["mobile", "mobilephone", "mobilephonenumber", "cell", "cellphone", "phonemobile", "mobiel", "handy", "mobil"],
    ),
    ("phone_home", &["homephone", "phonehome"]),
    ("phone_other", &["otherphone", "phoneother", "phone2"]),
    (
        "street",
        &["street", "address", "streetaddress", "mailingstreet", "addressline1", "straat", "strasse", "adresse"],
    ),
    (
        "postal_code",
        &["postalcode", "zip", "zipcode", "postcode", "mailingzippostalcode", "mailingpostalcode", "plz", "postnummer"],
    ),
    ("city", &["city", "town", "mailingcity", "plaats", "woonplaats", "stadt", "ort", "by"]),
    ("region", &["region", "state", "province", "stateregion", "mailingstateprovince", "stateprovince", "county"]),
    ("country", &["country", "countryregion", "mailingcountry", "land"]),
    (
        "company",
        &[
            "company",
            "companyname",
            "accountname",
            "account",
            "organization",
            "organisation",
            "organizationname",
            "org",
            "associatedcompany",
            "bedrijf",
            "firma",
            "virksomhed",
        ],
    ),
    ("job_title", &["jobtitle", "title", "position", "role", "functie", "function", "stilling"]),
    ("owner", &["owner", "contactowner", "leadowner", "accountowner", "ownername", "assignedto", "salesrep"]),
    ("source", &["source", "leadsource", "originalsource", "bron", "quelle", "kilde"]),
    ("language", &["language", "preferredlanguage", "taal", "sprache", "sprog"]),
    ("lifecycle", &["lifecycle", "lifecyclestage"]),
    ("status", &["status", "leadstatus"]),
    ("tags", &["tags", "tag", "labels", "label", "categories"]),
    ("external_id", &["externalid", "id", "recordid", "contactid", "leadid", "personid"]),
    ("website", &["website", "url", "web", "websiteurl", "homepage"]),
    ("linkedin", &["linkedin", "linkedinurl", "linkedinprofile"]),
    ("note", &["note", "notes", "description", "comments", "comment", "notitie", "notiz"]),
];

const COMPANIES: Aliases = &[
    ("name", &["name", "companyname", "accountname", "organization", "organisation", "organizationname", "company"]),
    ("domain", &["domain", "companydomainname", "domainname"]),
    ("industry", &["industry", "branche", "sector"]),
    ("street", &["street", "address", "streetaddress", "billingstreet", "addressline1"]),
    ("postal_code", &["postalcode", "zip", "zipcode", "postcode", "billingzippostalcode"]),
    ("city", &["city", "town", "billingcity"]),
    ("region", &["region", "state", "province", "stateregion", "billingstateprovince"]),
    ("country", &["country", "countryregion", "billingcountry"]),
    ("phone", &["phone", "phonenumber", "telephone", "companyphone"]),
    ("website", &["website", "url", "websiteurl", "web"]),
    ("owner", &["owner", "companyowner", "accountowner"]),
    ("tags", &["tags", "labels", "label"]),
];

const DEALS: Aliases = &[
    ("title", &["title", "dealname", "name", "opportunityname", "deal"]),
    ("value", &["value", "amount", "dealvalue", "dealamount"]),
    ("currency", &["currency", "currencycode", "dealcurrency"]),
    ("pipeline", &["pipeline", "dealpipeline"]),
    ("stage", &["stage", "dealstage", "stagename"]),
    ("expected_close", &["expectedclose", "expectedclosedate", "closedate", "expectedclosingdate"]),
    ("probability", &["probability", "winprobability", "dealprobability"]),
    ("status", &["status", "dealstatus"]),
    ("lost_reason", &["lostreason", "closedlostreason"]),
    ("person_email", &["personemail", "contactemail", "email"]),
    ("company", &["company", "companyname", "accountname", "organization", "organizationname"]),
    ("owner", &["owner", "dealowner", "opportunityowner"]),
];

const ACTIVITIES: Aliases = &[
    ("kind", &["kind", "type", "activitytype"]),
    ("direction", &["direction"]),
    ("subject", &["subject", "title"]),
    ("body", &["body", "note", "notes", "description", "content", "text"]),
    ("occurred_at", &["occurredat", "date", "datetime", "activitydate", "timestamp", "when", "duedate"]),
    ("duration_minutes", &["durationminutes", "duration"]),
    ("person_email", &["personemail", "contactemail", "email"]),
    ("company", &["company", "companyname", "accountname", "organization"]),
    ("deal", &["deal", "dealtitle", "dealname"]),
];

fn aliases(entity: ImportEntity) -> Aliases {
    match entity {
        ImportEntity::People | ImportEntity::Leads => PEOPLE,
        ImportEntity::Companies => COMPANIES,
        ImportEntity::Deals => DEALS,
        ImportEntity::Activities => ACTIVITIES,
    }
}

pub fn names(entity: ImportEntity) -> Vec<String> {
    aliases(entity).iter().map(|(f, _)| f.to_string()).collect()
}

/// Lower-case letters and digits only; export prefixes like Pipedrive's "Person - " are dropped.
pub fn squash(header: &str) -> String {
    let lower = header.trim().to_lowercase();
    let stripped = ["person - ", "lead - ", "deal - ", "organization - ", "contact - ", "activity - "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    stripped.chars().filter(|c| c.is_alphanumeric()).collect()
}

pub fn auto_field(entity: ImportEntity, header: &str) -> Option<&'static str> {
    let key = squash(header);
    let list = aliases(entity);
    list.iter()
        .find(|(f, _)| squash(f) == key)
        .or_else(|| list.iter().find(|(_, a)| a.contains(&key.as_str())))
        .map(|(f, _)| *f)
}

/// One target per header: the user's overrides first, then the automatic mapping. A field is filled by
/// one column only; a later column naming it again becomes a custom field (or is ignored).
pub fn resolve(
    entity: ImportEntity,
    headers: &[String],
    overrides: &[ColumnMapping],
    unmapped_as_custom: bool,
) -> AppResult<Vec<ColumnTarget>> {
    let known = names(entity);
    for (i, m) in overrides.iter().enumerate() {
        if !headers.iter().any(|h| h.eq_ignore_ascii_case(m.column.trim())) {
            return Err(AppError::field(
                ErrorCode::InvalidValue,
                format!("mappings.{i}.column"),
                format!("the file has no column \"{}\"", m.column),
            ));
        }
        if let ColumnTarget::Field(f) = &m.target {
            if !known.contains(f) {
                return Err(AppError::field(
                    ErrorCode::InvalidValue,
                    format!("mappings.{i}.target"),
                    format!("\"{f}\" is not a field of this import; fields: {}", known.join(", ")),
                ));
            }
        }
    }
    let mut taken: Vec<String> = Vec::new();
    let mut targets = Vec::with_capacity(headers.len());
    for header in headers {
        let chosen = overrides.iter().find(|m| m.column.trim().eq_ignore_ascii_case(header)).map(|m| m.target.clone());
        let target = match chosen {
            Some(t) => t,
            None => match auto_field(entity, header) {
                Some(f)
                    if !taken.iter().any(|t| t == f)
                        && !overrides.iter().any(|m| m.target == ColumnTarget::Field(f.to_string())) =>
                {
                    ColumnTarget::Field(f.to_string())
                }
                _ if unmapped_as_custom && !header.trim().is_empty() => ColumnTarget::Custom(header.trim().to_string()),
                _ => ColumnTarget::Ignore,
            },
        };
        if let ColumnTarget::Field(f) = &target {
            taken.push(f.clone());
        }
        targets.push(target);
    }
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(entity: ImportEntity, header: &str) -> Option<&'static str> {
        auto_field(entity, header)
    }

    #[test]
    fn export_headers_map_to_fields() {
        use ImportEntity::*;
        assert_eq!(auto(People, "E-mail"), Some("email"));
        assert_eq!(auto(People, "Email Address"), Some("email"));
        assert_eq!(auto(People, "First Name"), Some("first_name"));
        assert_eq!(auto(People, "Company Name"), Some("company"));
        assert_eq!(auto(Leads, "Lead Source"), Some("source"));
        assert_eq!(auto(People, "Phone Number"), Some("phone"));
        assert_eq!(auto(People, "Mobile Phone"), Some("mobile"));
        assert_eq!(auto(People, "Account Name"), Some("company"));
        assert_eq!(auto(People, "Person - Email - Work"), Some("email"));
        assert_eq!(auto(People, "Mailing Zip/Postal Code"), Some("postal_code"));
        assert_eq!(auto(People, "Record ID"), Some("external_id"));
        assert_eq!(auto(Companies, "Company Domain Name"), Some("domain"));
        assert_eq!(auto(Deals, "Deal Stage"), Some("stage"));
        assert_eq!(auto(People, "Favourite colour"), None);
    }

    #[test]
    fn overrides_win_and_a_field_is_filled_once() {
        let headers: Vec<String> = ["Email", "E-mail", "Shoe size", "Notes"].iter().map(|s| s.to_string()).collect();
        let overrides = vec![ColumnMapping { column: "notes".into(), target: ColumnTarget::Ignore }];
        let t = resolve(ImportEntity::People, &headers, &overrides, true).unwrap();
        assert_eq!(t[0], ColumnTarget::Field("email".into()));
        assert_eq!(t[1], ColumnTarget::Custom("E-mail".into()));
        assert_eq!(t[2], ColumnTarget::Custom("Shoe size".into()));
        assert_eq!(t[3], ColumnTarget::Ignore);
        let bad = vec![ColumnMapping { column: "Email".into(), target: ColumnTarget::Field("shoe".into()) }];
        let e = resolve(ImportEntity::People, &headers, &bad, true).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("mappings.0.target"));
    }
}
