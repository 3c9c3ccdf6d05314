//! A template queued as a message (`mail::compose`): rendered and queued in one transaction (a missing field
//! queues nothing), the person's language picks the variant and the account's signature in it, and the
//! template's documents are MIME attachments in the queued bytes (parsed back with mail-parser).

use mail_parser::{MessageParser, MimeHeaders};
use relata_core::domain::*;
use relata_core::error::ErrorCode;
use relata_core::secrets::MemorySecrets;
use relata_core::services::mail::{accounts, compose, outbox};
use relata_core::services::{people, templates};

use super::mail_accounts::input as account_input;
use super::support::*;
use super::templates::{input, variant};

pub struct Fixture {
    pub e: Env,
    pub account: MailAccount,
    pub template: Template,
}

impl Fixture {
    /// The account's INBOX as the IMAP sync records into it (`support_mailbox`: new mail there opens tickets).
    pub fn inbox_target(&self, support_mailbox: bool) -> relata_core::services::mail::record::Target {
        let folder = relata_core::services::mail::folders::open(
            &self.e.store,
            self.account.id,
            "INBOX",
            relata_core::services::mail::folders::FolderRole::Inbox,
        )
        .unwrap();
        relata_core::services::mail::record::Target {
            account_id: self.account.id,
            own_address: self.account.address.clone(),
            folder_id: folder.id,
            in_sent_folder: false,
            create_leads: false,
            support_mailbox,
        }
    }
}

const PDF: &[u8] = b"%PDF-1.4\n\x00\x01\x02\xff binary offer\n";

pub fn fixture() -> Fixture {
    let e = env();
    let mut a = account_input("Work");
    a.signatures = vec![
        MailSignature { lang: "en".into(), body: "Kind regards, Sales".into() },
        MailSignature { lang: "da".into(), body: "Venlig hilsen, Salg".into() },
    ];
    let account = accounts::add(&e.store, &MemorySecrets::new(), a, "pw").unwrap();
    let mut t = input(
        "Offer",
        vec![
            variant(Language::En, "Offer for {{ person.first_name }}", "Hello {{ person.first_name }},\nsee attached."),
            variant(Language::Da, "Tilbud til {{ person.first_name }}", "Hej {{ person.first_name }},\nse vedhæftet."),
        ],
    );
    t.add_attachments = vec![
        NewAttachment { name: "offer.pdf".into(), mime: None, data: PDF.to_vec() },
        NewAttachment { name: "prices.csv".into(), mime: None, data: b"item;price\nchair;10\n".to_vec() },
    ];
    let template = templates::save(&e.store, None, t).unwrap();
    Fixture { e, account, template }
}

fn someone(f: &Fixture, first: &str, email: &str, language: Option<&str>) -> Person {
    let input = PersonInput {
        emails: vec![lv("work", email)],
        language: language.map(str::to_string),
        ..person(first, "Jensen")
    };
    people::create(&f.e.store, input).unwrap()
}

fn parsed(raw: &[u8]) -> mail_parser::Message<'_> {
    MessageParser::default().parse(raw).expect("the queued message parses")
}

#[test]
fn the_persons_language_picks_the_variant_and_the_signature_and_the_documents_are_attached() {
    let f = fixture();
    let mette = someone(&f, "Mette", "mette@firma.dk", Some("da"));
    let entry = compose::queue_template(&f.e.store, f.account.id, mette.id, f.template.id, None).unwrap();
    assert_eq!(
        (entry.subject.as_str(), entry.to_address.as_str(), entry.status),
        ("Tilbud til Mette", "mette@firma.dk", OutboxStatus::Queued)
    );
    let raw = outbox::raw(&f.e.store, entry.id).unwrap();
    let msg = parsed(&raw);
    assert_eq!(msg.subject(), Some("Tilbud til Mette"));
    let text = msg.body_text(0).unwrap();
    assert!(text.contains("Hej Mette,"), "{text}");
    assert!(text.contains("Venlig hilsen, Salg") && !text.contains("Kind regards"), "{text}");
    let html = msg.body_html(0).unwrap();
    assert!(html.contains("Hej Mette"), "{html}");
    let docs: Vec<(String, String, Vec<u8>)> = msg
        .attachments()
        .map(|a| {
            let ct = a.content_type().unwrap();
            let mime = format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default());
            (a.attachment_name().unwrap().to_string(), mime, a.contents().to_vec())
        })
        .collect();
    assert_eq!(
        docs,
        vec![
            ("offer.pdf".to_string(), "application/pdf".to_string(), PDF.to_vec()),
            ("prices.csv".to_string(), "text/csv".to_string(), b"item;price\nchair;10\n".to_vec()),
        ]
    );
    // The Message-ID of the row is the one in the bytes, fixed at queue time.
    assert_eq!(msg.message_id().map(|id| format!("<{id}>")), Some(entry.message_id.clone()));

    // Without a Danish-speaking recipient: the English variant and signature.
    let anna = someone(&f, "Anna", "anna@example.test", Some("en"));
    let entry = compose::queue_template(&f.e.store, f.account.id, anna.id, f.template.id, None).unwrap();
    let raw = outbox::raw(&f.e.store, entry.id).unwrap();
    let text = parsed(&raw).body_text(0).unwrap().to_string();
    assert_eq!(entry.subject, "Offer for Anna");
    assert!(text.contains("Hello Anna,") && text.contains("Kind regards, Sales"), "{text}");
}

#[test]
fn a_template_that_places_the_sender_fields_gets_the_accounts_and_no_second_signature() {
    let f = fixture();
    let t = templates::save(
        &f.e.store,
        None,
        input(
            "Signed",
            vec![variant(
                Language::Da,
                "Hej",
                "Hej {{ person.first_name }}\n{{ sender.signature }}\n{{ sender.name }} <{{ sender.address }}>",
            )],
        ),
    )
    .unwrap();
    let mette = someone(&f, "Mette", "mette@firma.dk", Some("da"));
    let entry = compose::queue_template(&f.e.store, f.account.id, mette.id, t.id, None).unwrap();
    let raw = outbox::raw(&f.e.store, entry.id).unwrap();
    let msg = parsed(&raw);
    let text = msg.body_text(0).unwrap();
    assert_eq!(text.matches("Venlig hilsen, Salg").count(), 1, "{text}");
    assert!(text.contains("Sales Team <sales@example.test>"), "{text}");
    assert_eq!(msg.attachments().count(), 0, "a template without documents has no attachments");
}

#[test]
fn a_missing_field_or_a_bad_reference_queues_nothing() {
    let f = fixture();
    let t = templates::save(
        &f.e.store,
        None,
        input("Owner", vec![variant(Language::En, "Hi", "Your contact is {{ person.owner }}.")]),
    )
    .unwrap();
    let bob = someone(&f, "Bob", "bob@example.test", None);
    let err = compose::queue_template(&f.e.store, f.account.id, bob.id, t.id, None).unwrap_err();
    assert_eq!((err.code, err.field.as_deref()), (ErrorCode::MissingField, Some("person.owner")), "{}", err.message);
    assert_err(
        compose::queue_template(&f.e.store, f.account.id, bob.id, f.template.id, Some(999)),
        ErrorCode::NotFound,
        None,
    );
    assert_err(
        compose::queue_template(&f.e.store, f.account.id, 999, f.template.id, None),
        ErrorCode::NotFound,
        Some("person_id"),
    );
    assert_eq!(f.e.count("SELECT COUNT(*) FROM outbox"), 0, "nothing was queued");
    assert!(outbox::list(&f.e.store, None).unwrap().is_empty());
}
