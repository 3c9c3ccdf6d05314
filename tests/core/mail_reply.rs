//! Replying to a synced email: the reply goes to the address the message came from (Reply-To, then From),
//! not the person's first address, and carries In-Reply-To and References (the thread's root, then the
//! answered message) - free text and a template with its documents alike.

use mail_parser::{MessageParser, MimeHeaders};
use relata_core::domain::*;
use relata_core::services::mail::record;
use relata_core::services::mail::{compose, outbox, parse};
use relata_core::services::people;

use super::mail_server as srv;
use super::support::*;

/// Mette (first address at work) writes from home; her colleague's message asks for replies to orders@.
fn synced(f: &super::mail_compose::Fixture) -> Person {
    let mut p = person("Mette", "Jensen");
    p.emails = vec![lv("work", "mette@firma.dk"), lv("home", "mette@hjem.dk")];
    p.language = Some("da".into());
    let mette = people::create(&f.e.store, p).unwrap();
    let target = f.inbox_target(false);
    let home = srv::message(
        "q2@hjem.dk",
        "Mette <mette@hjem.dk>",
        "sales@relata.test",
        "Re: Tilbud",
        "In-Reply-To: <q1@relata.test>\r\nReferences: <q0@relata.test> <q1@relata.test>\r\n",
        "Fra hjemme.",
    );
    let orders = srv::message(
        "q3@firma.dk",
        "mette@firma.dk",
        "sales@relata.test",
        "Ordre",
        "Reply-To: Ordrer <Orders@Firma.dk>\r\n",
        "Svar til ordrer.",
    );
    f.e.store
        .write(|tx| {
            record::record(tx, &target, 1, &parse::parse(&home), T0)?;
            record::record(tx, &target, 2, &parse::parse(&orders), T0)
        })
        .unwrap();
    mette
}

fn header(raw: &[u8], name: &str) -> String {
    let msg = MessageParser::default().parse(raw).unwrap();
    let h = msg.header_raw(name).unwrap_or_else(|| panic!("no {name}"));
    h.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_reply_goes_to_the_address_the_message_came_from_and_is_threaded() {
    let f = super::mail_compose::fixture();
    let mette = synced(&f);
    let reply = |id: &str| OutgoingMail {
        account_id: f.account.id,
        person_id: Some(mette.id),
        subject: "Re: x".into(),
        body: "Tak".into(),
        in_reply_to: Some(id.into()),
        ..Default::default()
    };
    let home = outbox::queue_one(&f.e.store, reply("q2@hjem.dk")).unwrap();
    assert_eq!(home.to_address, "mette@hjem.dk", "the From address, not her first one");
    let raw = outbox::raw(&f.e.store, home.id).unwrap();
    assert_eq!(header(&raw, "In-Reply-To"), "<q2@hjem.dk>");
    assert_eq!(header(&raw, "References"), "<q0@relata.test> <q2@hjem.dk>", "the root, then the answered one");
    let orders = outbox::queue_one(&f.e.store, reply("<q3@firma.dk>")).unwrap();
    assert_eq!(orders.to_address, "orders@firma.dk", "Reply-To wins");
    assert_eq!(header(&outbox::raw(&f.e.store, orders.id).unwrap(), "References"), "<q3@firma.dk>");
    // An address the user picked stays; an unknown answered id still threads, to the first address.
    let picked = OutgoingMail { to: Some("mette@firma.dk".into()), ..reply("q2@hjem.dk") };
    assert_eq!(outbox::queue_one(&f.e.store, picked).unwrap().to_address, "mette@firma.dk");
    let unknown = outbox::queue_one(&f.e.store, reply("gone@elsewhere.dk")).unwrap();
    assert_eq!(unknown.to_address, "mette@firma.dk");
    assert_eq!(header(&outbox::raw(&f.e.store, unknown.id).unwrap(), "In-Reply-To"), "<gone@elsewhere.dk>");
}

#[test]
fn a_template_reply_keeps_the_subject_goes_to_the_sender_and_attaches_the_documents() {
    let f = super::mail_compose::fixture();
    let mette = synced(&f);
    let m = TemplateMail {
        account_id: f.account.id,
        person_id: mette.id,
        template_id: f.template.id,
        in_reply_to: Some("q2@hjem.dk".into()),
        subject: Some("Re: Tilbud".into()),
        ..Default::default()
    };
    let entry = compose::queue_template_mail(&f.e.store, &m).unwrap();
    assert_eq!((entry.subject.as_str(), entry.to_address.as_str()), ("Re: Tilbud", "mette@hjem.dk"));
    let raw = outbox::raw(&f.e.store, entry.id).unwrap();
    let msg = MessageParser::default().parse(&raw[..]).unwrap();
    let names: Vec<_> = msg.attachments().filter_map(|a| a.attachment_name()).collect();
    assert_eq!(names, vec!["offer.pdf", "prices.csv"]);
    assert!(msg.body_text(0).unwrap().starts_with("Hej Mette"), "the Danish variant");
    assert_eq!(header(&raw, "In-Reply-To"), "<q2@hjem.dk>");
}
