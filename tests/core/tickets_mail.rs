//! Tickets by email: a public reply is queued in the reply's transaction with `[T-000001]` in its subject and
//! the Message-ID on the event, threaded on the customer's last message; an incoming answer (by References,
//! or by the subject tag) becomes a customer reply once per Message-ID and reopens a solved ticket.

use relata_core::domain::*;
use relata_core::services::mail::record;
use relata_core::services::mail::{accounts, outbox, parse};
use relata_core::services::{people, tickets};

use super::mail_server as srv;
use super::support::*;

fn header(raw: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(raw).to_string();
    let prefix = format!("{}:", name.to_ascii_lowercase());
    let line = text.lines().find(|l| l.to_ascii_lowercase().starts_with(&prefix))?;
    Some(line.split_once(':').unwrap().1.trim().to_string())
}

fn events(d: &TicketDetail, kind: TicketEventKind) -> usize {
    d.events.iter().filter(|e| e.kind == kind).count()
}

#[test]
fn replies_go_by_email_and_answers_come_back_to_the_ticket() {
    let f = super::mail_compose::fixture();
    let mut p = person("Ann", "Customer");
    p.emails = vec![lv("work", "ann@customer.test")];
    let ann = people::create(&f.e.store, p).unwrap();
    let t = tickets::create(&f.e.store, super::tickets::input(ann.id, None)).unwrap();
    let msg = |body: &str| TicketMessage { body: body.into(), internal: false, at: None, author: Some("bob".into()) };

    // An internal note is never emailed, and nothing is queued then.
    let note = TicketMessage { internal: true, ..msg("secret") };
    assert!(tickets::email::reply_by_email(&f.e.store, t.ticket.id, note, f.account.id).is_err());
    assert!(outbox::list(&f.e.store, None).unwrap().is_empty());

    let d = tickets::email::reply_by_email(&f.e.store, t.ticket.id, msg("We are on it."), f.account.id).unwrap();
    assert_eq!(events(&d, TicketEventKind::Reply), 1);
    let queued = outbox::list(&f.e.store, None).unwrap();
    assert_eq!(queued.len(), 1);
    let raw = outbox::raw(&f.e.store, queued[0].id).unwrap();
    assert_eq!(header(&raw, "Subject").unwrap(), "Re: [T-000001] Printer on fire");
    assert!(header(&raw, "To").unwrap().contains("ann@customer.test"));
    assert_eq!(header(&raw, "In-Reply-To"), None, "nothing from the customer to answer yet");
    let sent_id = queued[0].message_id.trim_matches(['<', '>']).to_string();

    // The customer answers the mail (References only, a changed subject): a customer reply, recorded once.
    let target = f.inbox_target(false);
    let answer = srv::message(
        "a1@customer.test",
        "Ann <ann@customer.test>",
        &f.account.address,
        "Still burning",
        &format!("References: <{sent_id}>\r\n"),
        "It is still smoking.",
    );
    tickets::set_status(&f.e.store, t.ticket.id, TicketStatus::Solved, None).unwrap();
    let r = f.e.store.write(|tx| record::record(tx, &target, 1, &parse::parse(&answer), T0 + 1)).unwrap();
    assert!(r.ticket && r.matched);
    let d = tickets::get(&f.e.store, t.ticket.id).unwrap();
    assert_eq!(events(&d, TicketEventKind::CustomerReply), 1);
    assert_eq!(d.ticket.status, TicketStatus::Open, "a solved ticket reopens on the customer's answer");
    // The same message again (another folder): not twice.
    let r = f.e.store.write(|tx| record::record(tx, &target, 2, &parse::parse(&answer), T0 + 1)).unwrap();
    assert!(!r.ticket);
    assert_eq!(events(&tickets::get(&f.e.store, t.ticket.id).unwrap(), TicketEventKind::CustomerReply), 1);

    // A new message naming the ticket in its subject only is added too.
    let tagged =
        srv::message("a2@customer.test", "ann@customer.test", &f.account.address, "Re: [T-000001] hi", "", "PS");
    let r = f.e.store.write(|tx| record::record(tx, &target, 3, &parse::parse(&tagged), T0 + 1)).unwrap();
    assert!(r.ticket);
    // An unknown ticket number is ordinary mail.
    let other = srv::message("a3@customer.test", "ann@customer.test", &f.account.address, "[T-000099] x", "", "?");
    let r = f.e.store.write(|tx| record::record(tx, &target, 4, &parse::parse(&other), T0 + 1)).unwrap();
    assert!(!r.ticket);
    assert_eq!(events(&tickets::get(&f.e.store, t.ticket.id).unwrap(), TicketEventKind::CustomerReply), 2);

    // The next reply answers the customer's last message and is threaded on it.
    tickets::email::reply_by_email(&f.e.store, t.ticket.id, msg("Fire brigade called."), f.account.id).unwrap();
    let queued = outbox::list(&f.e.store, None).unwrap();
    let last = queued.iter().max_by_key(|e| e.id).unwrap();
    let raw = outbox::raw(&f.e.store, last.id).unwrap();
    assert_eq!(header(&raw, "In-Reply-To").unwrap(), "<a2@customer.test>");
}

/// A support mailbox: a new message answering no ticket opens one (channel email) for the matched person or a
/// new lead, once per Message-ID; an answer to that ticket is added to it; automated mail opens nothing.
#[test]
fn a_support_mailbox_opens_tickets() {
    let f = super::mail_compose::fixture();
    accounts::set_support_mailbox(&f.e.store, f.account.id, true).unwrap();
    assert!(f.e.store.read(|c| accounts::support_mailbox(c, f.account.id)).unwrap());
    assert!(accounts::set_support_mailbox(&f.e.store, 9999, true).is_err());
    let mut p = person("Ann", "Customer");
    p.emails = vec![lv("work", "ann@customer.test")];
    let ann = people::create(&f.e.store, p).unwrap();
    let target = f.inbox_target(true);
    let rec =
        |uid: u32, raw: &[u8]| f.e.store.write(|tx| record::record(tx, &target, uid, &parse::parse(raw), T0)).unwrap();
    let known = srv::message("s1@customer.test", "ann@customer.test", &f.account.address, "Broken", "", "Help");
    assert!(rec(1, &known).ticket);
    assert!(!rec(2, &known).ticket, "the same message does not open a second ticket");
    let stranger = srv::message("s2@new.test", "Zed Stranger <zed@new.test>", &f.account.address, "Hi", "", "?");
    assert!(rec(3, &stranger).ticket);
    let auto = srv::message(
        "s3@new.test",
        "noreply@new.test",
        &f.account.address,
        "Auto",
        "Auto-Submitted: auto-replied\r\n",
        "x",
    );
    assert!(!rec(4, &auto).ticket, "automated mail opens no ticket");
    let all = tickets::list(&f.e.store, &TicketsQuery::default()).unwrap();
    assert_eq!(all.len(), 2);
    let first = all.iter().find(|t| t.subject == "Broken").unwrap();
    assert_eq!((first.person_id, first.channel), (ann.id, TicketChannel::Email));
    let lead = all.iter().find(|t| t.subject == "Hi").unwrap();
    assert_ne!(lead.person_id, ann.id, "a stranger becomes a lead");
    // Ann answers her ticket's first mail: a customer reply, not a new ticket.
    let answer = srv::message(
        "s4@customer.test",
        "ann@customer.test",
        &f.account.address,
        "Re: Broken",
        "In-Reply-To: <s1@customer.test>\r\n",
        "More",
    );
    assert!(rec(5, &answer).ticket);
    assert_eq!(tickets::list(&f.e.store, &TicketsQuery::default()).unwrap().len(), 2);
    let d = tickets::get(&f.e.store, first.id).unwrap();
    assert_eq!(events(&d, TicketEventKind::CustomerReply), 1);
}

#[test]
fn subject_tags_are_read_strictly() {
    use tickets::email::{subject_for, tag_number};
    assert_eq!(tag_number("Re: [T-000123] x"), Some(123));
    assert_eq!(tag_number("[T-] x"), None);
    assert_eq!(tag_number("[T-12a] x"), None);
    assert_eq!(tag_number("T-000123"), None);
    assert_eq!(subject_for(5, "Hello"), "Re: [T-000005] Hello");
    assert_eq!(subject_for(5, "[T-000005] Hello"), "Re: [T-000005] Hello");
}

/// The first reply to a ticket a support mailbox opened answers the customer's opening message (its
/// Message-ID is on the `created` event), so the customer's mail client threads it; their answer to that
/// reply reopens the pending ticket, even when its Date header lies before the reply (a sender's clock
/// behind: the messages here are dated 10:00, the reply and the pending status 12:00).
#[test]
fn the_first_reply_to_a_mailed_ticket_answers_the_opening_message() {
    let f = super::mail_compose::fixture();
    accounts::set_support_mailbox(&f.e.store, f.account.id, true).unwrap();
    let target = f.inbox_target(true);
    let opening = srv::message("o1@customer.test", "Ann <ann@customer.test>", &f.account.address, "Broken", "", "Help");
    assert!(f.e.store.write(|tx| record::record(tx, &target, 1, &parse::parse(&opening), T0)).unwrap().ticket);
    let t = &tickets::list(&f.e.store, &TicketsQuery::default()).unwrap()[0];
    let m = TicketMessage { body: "On it.".into(), internal: false, at: None, author: None };
    tickets::email::reply_by_email(&f.e.store, t.id, m, f.account.id).unwrap();
    let queued = outbox::list(&f.e.store, None).unwrap();
    let raw = outbox::raw(&f.e.store, queued[0].id).unwrap();
    assert_eq!(header(&raw, "In-Reply-To").as_deref(), Some("<o1@customer.test>"));
    assert_eq!(header(&raw, "Subject").unwrap(), "Re: [T-000001] Broken");

    tickets::set_status(&f.e.store, t.id, TicketStatus::Pending, None).unwrap();
    let sent = queued[0].message_id.trim_matches(['<', '>']).to_string();
    let answer = srv::message(
        "o2@customer.test",
        "ann@customer.test",
        &f.account.address,
        "Re: Re: [T-000001] Broken",
        &format!("In-Reply-To: <{sent}>\r\nReferences: <o1@customer.test> <{sent}>\r\n"),
        "Still broken.",
    );
    assert!(f.e.store.write(|tx| record::record(tx, &target, 2, &parse::parse(&answer), T0 + 1)).unwrap().ticket);
    let d = tickets::get(&f.e.store, t.id).unwrap();
    assert_eq!(d.ticket.status, TicketStatus::Open, "the customer's answer reopens the pending ticket");
    assert_eq!(events(&d, TicketEventKind::CustomerReply), 1);
    let answered = d.events.iter().find(|e| e.kind == TicketEventKind::CustomerReply).unwrap();
    let replied = d.events.iter().find(|e| e.kind == TicketEventKind::Reply).unwrap();
    assert!(answered.at >= replied.at, "the answer comes after the reply it answers");
}
