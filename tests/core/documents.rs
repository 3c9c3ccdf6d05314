//! The document library (`services::documents`): adding a file (type sniffed from the bytes, hashed,
//! limits with the field named), listing with filters, editing, the refusal to delete a document a template
//! uses, sending one (a "Sent <title>" note on the timeline written once per message, however often the
//! outbox retries), the campaign report's count per document, and a team sync round trip.

use std::sync::atomic::Ordering;

use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::secrets::MemorySecrets;
use relata_core::services::campaigns::{self, report, send};
use relata_core::services::mail::{accounts, compose, outbox, sender};
use relata_core::services::{activities, documents, people, templates};
use sha2::{Digest, Sha256};

use super::campaigns::{campaign, consent, everyone, someone};
use super::mail_accounts::input as account_input;
use super::mail_compose::fixture as mail_fixture;
use super::mail_outbox::FakeMailer;
use super::support::*;
use super::team_pg::*;

const PDF: &[u8] = b"%PDF-1.7\n\x00\xff case study\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";

fn meta(title: &str, language: Option<Language>, tags: &[&str]) -> DocumentMeta {
    DocumentMeta { title: title.into(), language, tags: tags.iter().map(|t| t.to_string()).collect() }
}

fn add(e: &Env, name: &str, data: &[u8], m: DocumentMeta) -> Document {
    documents::add(&e.store, name, data.to_vec(), m).unwrap()
}

fn notes(e: &Env, person: Id) -> Vec<String> {
    let q = TimelineQuery { person_id: Some(person), ..Default::default() };
    let page = activities::timeline(&e.store, &q).unwrap();
    page.items.into_iter().filter(|a| a.kind == ActivityKind::Note).map(|a| a.subject).collect()
}

#[test]
fn a_document_is_typed_by_its_bytes_hashed_and_listed_with_filters() {
    let e = env();
    let case = add(&e, "/home/me/Case study.PDF", PDF, meta(" Case study ", Some(Language::Nl), &["case", "Retail"]));
    assert_eq!(
        (case.title.as_str(), case.file_name.as_str(), case.mime.as_str(), case.size),
        ("Case study", "Case study.PDF", "application/pdf", PDF.len() as i64)
    );
    assert_eq!(case.sha256, hex::encode(Sha256::digest(PDF)));
    assert_eq!(e.count("SELECT count(*) FROM documents WHERE data = x'255044462d312e37'"), 0, "the whole file");
    // The bytes decide, not the name: a PNG named .pdf is an image.
    let logo = add(&e, "logo.pdf", PNG, meta("Logo", None, &[]));
    assert_eq!(logo.mime, "image/png");
    // A ZIP container is an Office file only by its extension; text only when named as text.
    let zip = b"PK\x03\x04\x14\x00\x06\x00 word/document.xml";
    assert_eq!(
        add(&e, "paper.docx", zip, meta("White paper", Some(Language::En), &["paper"])).mime,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert_eq!(add(&e, "prices.csv", b"item;price\n", meta("Prices", None, &[])).mime, "text/csv");
    for (name, data) in [("archive.zip", &zip[..]), ("page.pdf", b"<html>hi</html>"), ("x.exe", b"MZ\x90\x00\x03\x00")]
    {
        let r = documents::add(&e.store, name, data.to_vec(), meta("Bad", None, &[]));
        assert_err(r, ErrorCode::InvalidValue, Some("file"));
    }
    let all = documents::list(&e.store, &DocumentQuery::default()).unwrap();
    assert_eq!(
        all.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(),
        ["Case study", "Logo", "Prices", "White paper"]
    );
    let by = |q: DocumentQuery| -> Vec<String> {
        documents::list(&e.store, &q).unwrap().into_iter().map(|d| d.title).collect()
    };
    assert_eq!(by(DocumentQuery { language: Some(Language::Nl), ..Default::default() }), ["Case study"]);
    assert_eq!(by(DocumentQuery { tag: Some("retail".into()), ..Default::default() }), ["Case study"]);
    assert_eq!(by(DocumentQuery { text: Some("PAPER".into()), ..Default::default() }), ["White paper"]);
    assert_eq!(by(DocumentQuery { text: Some("logo.pdf".into()), ..Default::default() }), ["Logo"]);

    let edited = documents::update(&e.store, logo.id, meta("Our logo", Some(Language::De), &["brand"])).unwrap();
    assert_eq!(
        (edited.title.as_str(), edited.language, edited.tags),
        ("Our logo", Some(Language::De), vec!["brand".into()])
    );
    assert_eq!(documents::data(&e.store, logo.id).unwrap().1, PNG, "the file stays");
}

#[test]
fn a_document_over_the_limit_or_without_a_title_is_refused_naming_the_field() {
    let e = env();
    let big = vec![b'a'; documents::MAX_DOCUMENT_BYTES + 1];
    let err = documents::add(&e.store, "big.txt", big, meta("Big", None, &[])).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::OutOfRange, Some("file")));
    assert!(err.message.contains("10.0 MB"), "{}", err.message);
    assert_err(
        documents::add(&e.store, "a.pdf", vec![], meta("Empty", None, &[])),
        ErrorCode::InvalidValue,
        Some("file"),
    );
    assert_err(
        documents::add(&e.store, "a.pdf", PDF.to_vec(), meta("  ", None, &[])),
        ErrorCode::Required,
        Some("title"),
    );
    // From a path: the size is checked before the file is read.
    let path = e.dir.path().join("huge.pdf");
    std::fs::File::create(&path).unwrap().set_len(documents::MAX_DOCUMENT_BYTES as u64 + 1).unwrap();
    assert_err(documents::add_file(&e.store, &path, meta("Huge", None, &[])), ErrorCode::OutOfRange, Some("file"));
    assert_eq!(e.count("SELECT count(*) FROM documents"), 0);
    let ok = e.dir.path().join("case.pdf");
    std::fs::write(&ok, PDF).unwrap();
    assert_eq!(documents::add_file(&e.store, &ok, meta("Case", None, &[])).unwrap().file_name, "case.pdf");
}

#[test]
fn a_document_a_template_sends_cannot_be_deleted_until_it_is_taken_off() {
    let f = mail_fixture();
    let doc = add(&f.e, "case.pdf", PDF, meta("Case study", None, &[]));
    let t = templates::attach_documents(&f.e.store, "offer", &[doc.id, doc.id]).unwrap();
    assert_eq!(t.documents.iter().map(|d| d.id).collect::<Vec<_>>(), [doc.id], "once");
    assert_eq!(documents::get(&f.e.store, doc.id).unwrap().template_count, 1);
    let err = documents::remove(&f.e.store, doc.id).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("\"Offer\""), "{}", err.message);
    assert_err(templates::attach_documents(&f.e.store, "offer", &[999]), ErrorCode::NotFound, Some("add_documents.0"));
    let input = TemplateInput {
        name: t.name.clone(),
        variants: t.variants.clone(),
        remove_documents: vec![doc.id],
        ..Default::default()
    };
    assert!(templates::save(&f.e.store, Some(t.id), input).unwrap().documents.is_empty());
    documents::remove(&f.e.store, doc.id).unwrap();
    assert_err(documents::get(&f.e.store, doc.id), ErrorCode::NotFound, None);
}

#[tokio::test]
async fn sending_a_document_logs_it_once_on_the_timeline_however_often_the_outbox_retries() {
    let e = env();
    let secrets = MemorySecrets::new();
    let account = accounts::add(&e.store, &secrets, account_input("Work"), "pw").unwrap();
    let doc = add(&e, "case.pdf", PDF, meta("Case study", None, &[]));
    // "temp…" addresses get a 451 from the fake server: the outbox retries them.
    let p = people::create(&e.store, PersonInput { emails: vec![lv("work", "temp@x.test")], ..person("Ann", "X") })
        .unwrap();
    let mail = OutgoingMail {
        account_id: account.id,
        person_id: Some(p.id),
        subject: "Our case study".into(),
        body: "Attached.".into(),
        documents: vec![doc.id, doc.id],
        ..Default::default()
    };
    let entry = outbox::queue_one(&e.store, mail).unwrap();
    assert_eq!(notes(&e, p.id), ["Sent Case study"], "logged when queued");
    let raw = outbox::raw(&e.store, entry.id).unwrap();
    assert_eq!(String::from_utf8_lossy(&raw).matches("filename=\"case.pdf\"").count(), 1, "attached once");
    let m = FakeMailer::default();
    for n in 0..3 {
        sender::run_pass(&e.store, &secrets, &m, &|| false).await.unwrap();
        e.clock.advance(10 * MINUTE * (n + 1));
    }
    assert_eq!(m.calls.load(Ordering::SeqCst), 3, "tried three times");
    assert_eq!(notes(&e, p.id), ["Sent Case study"], "still once");
    assert_eq!(e.count("SELECT count(*) FROM document_sends"), 1);
    let link: (i64, i64) = e
        .raw()
        .query_row(
            "SELECT s.document_id, a.person_id FROM document_sends s JOIN activities a ON a.id = s.activity_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(link, (doc.id, p.id), "the note is linked to the document");
    assert_eq!(documents::get(&e.store, doc.id).unwrap().sent_count, 1);
    // An unknown document queues nothing.
    let bad = OutgoingMail {
        documents: vec![999],
        ..OutgoingMail {
            account_id: account.id,
            person_id: Some(p.id),
            subject: "x".into(),
            body: "y".into(),
            ..Default::default()
        }
    };
    assert_err(outbox::queue_one(&e.store, bad), ErrorCode::NotFound, Some("documents.0"));
    assert_eq!(e.count("SELECT count(*) FROM outbox"), 1);
}

#[test]
fn a_template_mail_carries_the_templates_documents_and_the_chosen_ones_each_logged() {
    let f = mail_fixture();
    let case = add(&f.e, "case.pdf", PDF, meta("Case study", None, &[]));
    let logo = add(&f.e, "logo.png", PNG, meta("Logo", None, &[]));
    templates::attach_documents(&f.e.store, "Offer", &[case.id]).unwrap();
    let ann = someone(&f, "Ann", Some("ann@example.test"), None);
    let m = TemplateMail {
        account_id: f.account.id,
        person_id: ann,
        template_id: f.template.id,
        documents: vec![logo.id, case.id],
        ..Default::default()
    };
    let entry = compose::queue_template_mail(&f.e.store, &m).unwrap();
    let raw = String::from_utf8_lossy(&outbox::raw(&f.e.store, entry.id).unwrap()).into_owned();
    for name in ["offer.pdf", "prices.csv", "case.pdf", "logo.png"] {
        assert_eq!(raw.matches(&format!("filename=\"{name}\"")).count(), 1, "{name}");
    }
    let mut got = notes(&f.e, ann);
    got.sort();
    assert_eq!(got, ["Sent Case study", "Sent Logo"]);
    // Erasing the person (GDPR) takes their sends and notes with them; the documents stay.
    relata_core::services::gdpr::erase(&f.e.store, ann).unwrap();
    assert_eq!(f.e.count("SELECT count(*) FROM document_sends"), 0);
    assert_eq!(f.e.count("SELECT count(*) FROM activities WHERE subject LIKE 'Sent %'"), 0);
    assert_eq!(documents::list(&f.e.store, &DocumentQuery::default()).unwrap().len(), 2);
}

#[test]
fn the_campaign_report_counts_documents_sent_per_document() {
    let f = mail_fixture();
    let case = add(&f.e, "case.pdf", PDF, meta("Case study", None, &[]));
    templates::attach_documents(&f.e.store, "Offer", &[case.id]).unwrap();
    let ann = someone(&f, "Ann", Some("ann@kunde.dk"), Some("da"));
    let bob = someone(&f, "Bob", Some("bob@example.com"), None);
    let _eve = someone(&f, "Eve", Some("eve@example.com"), None);
    for p in [ann, bob] {
        consent(&f, p, ContactChannel::Email, ConsentStatus::Given);
    }
    // A message outside the campaign is not the campaign's.
    compose::queue_template(&f.e.store, f.account.id, ann, f.template.id, None).unwrap();
    let c = campaign(&f, "Spring");
    campaigns::add_members_from_segment(&f.e.store, c.id, everyone(&f, "All").id).unwrap();
    let req = SendRequest { campaign_id: c.id, template: Some("Offer".into()), ..Default::default() };
    assert_eq!(send::send(&f.e.store, &req).unwrap().queued, 2);
    assert_eq!(send::send(&f.e.store, &req).unwrap().queued, 0, "a second send queues nothing twice");
    let r = report::report(&f.e.store, c.id, AttributionModel::LastTouch).unwrap();
    assert_eq!(
        r.documents_sent,
        [DocumentSendCount { document_id: Some(case.id), title: "Case study".into(), count: 2 }]
    );
    assert_eq!(notes(&f.e, ann), ["Sent Case study", "Sent Case study"], "one per message");
    // Deleted later: still counted under the title it was sent with.
    templates::save(
        &f.e.store,
        Some(f.template.id),
        TemplateInput {
            name: "Offer".into(),
            variants: f.template.variants.clone(),
            remove_documents: vec![case.id],
            ..Default::default()
        },
    )
    .unwrap();
    documents::remove(&f.e.store, case.id).unwrap();
    let r = report::report(&f.e.store, c.id, AttributionModel::LastTouch).unwrap();
    assert_eq!(r.documents_sent, [DocumentSendCount { document_id: None, title: "Case study".into(), count: 2 }]);
}

/// Needs PostgreSQL (`bash .ci/with-postgres.sh`), like the other team tests.
#[tokio::test]
async fn a_document_and_its_template_link_travel_to_the_team_byte_identical() {
    let pg = pg();
    let (db, a) = workspace(&pg).await;
    let (_, b) = member(&pg, &db, &a, "manager").await;
    let doc = documents::add(&a.env.store, "case.pdf", PDF.to_vec(), meta("Case study", Some(Language::Da), &["case"]))
        .unwrap();
    let input = TemplateInput {
        name: "Offer".into(),
        variants: vec![TemplateVariant { lang: Language::En, subject: "Offer".into(), body: "Attached.".into() }],
        add_documents: vec![doc.id],
        ..Default::default()
    };
    let t = templates::save(&a.env.store, None, input).unwrap();
    for d in [&a, &b, &a] {
        assert!(d.sync().await.refused.is_empty());
    }
    let on_b = b.local_id("documents", &a.gid("documents", doc.id)).expect("the document reached B");
    let (got, bytes) = documents::data(&b.env.store, on_b).unwrap();
    assert_eq!(
        (got.title.as_str(), got.language, got.sha256.as_str()),
        ("Case study", Some(Language::Da), doc.sha256.as_str())
    );
    assert_eq!(bytes, PDF);
    let tb = b.local_id("templates", &a.gid("templates", t.id)).unwrap();
    assert_eq!(templates::get(&b.env.store, tb).unwrap().documents.iter().map(|d| d.id).collect::<Vec<_>>(), [on_b]);
}
