//! `relata tickets ...`: the service desk from the command line. Every command that changes a ticket prints
//! it as JSON with its events and its `sla` object.

use clap::{Args, Subcommand};

use super::output::{self, enum_arg};
use relata_core::clock::Millis;
use relata_core::domain::{
    Id, TicketChannel, TicketInput, TicketMessage, TicketPriority, TicketStatus, TicketType, TicketsQuery,
};
use relata_core::error::AppResult;
use relata_core::services::tickets;
use relata_core::store::Store;

const STATUSES: &[&str] = &["new", "open", "pending", "on_hold", "solved", "closed"];
const PRIORITIES: &[&str] = &["low", "normal", "high", "urgent"];
const TYPES: &[&str] = &["question", "incident", "problem", "request"];
const CHANNELS: &[&str] = &["email", "phone", "chat", "visit", "web", "social"];

#[derive(Debug, Subcommand)]
pub enum TicketsCmd {
    /// Open a ticket for a person and print it as JSON.
    Add(AddTicket),
    /// Add a public reply (or an internal note, or the customer's message) and print the ticket.
    Reply(Reply),
    /// Change the status and print the ticket.
    Status {
        /// The ticket's id or number (T-000123).
        ticket: String,
        #[arg(value_parser = enum_arg::<TicketStatus>(STATUSES))]
        status: TicketStatus,
        /// When it happened, RFC 3339 (default: now).
        #[arg(long, value_name = "RFC3339", value_parser = output::rfc3339)]
        at: Option<Millis>,
    },
    /// Assign the ticket to an agent (without one: unassign) and print it.
    Assign {
        ticket: String,
        assignee: Option<String>,
        #[arg(long, value_name = "RFC3339", value_parser = output::rfc3339)]
        at: Option<Millis>,
    },
    /// Record the customer's satisfaction (1-5) with a solved ticket and print it.
    Rate {
        ticket: String,
        rating: i32,
        #[arg(long)]
        comment: Option<String>,
    },
    /// Print a ticket with its events and SLA state as JSON.
    Show {
        ticket: String,
        /// JSON is the only format; accepted for symmetry with list.
        #[arg(long)]
        json: bool,
    },
    /// List tickets, newest first (a table, or JSON with --json).
    List(ListTickets),
}

#[derive(Debug, Args)]
pub struct AddTicket {
    #[arg(long)]
    subject: String,
    /// The requester (a person id); their company comes with them.
    #[arg(long, value_name = "ID")]
    person: Id,
    #[arg(long)]
    description: Option<String>,
    #[arg(long, value_parser = enum_arg::<TicketPriority>(PRIORITIES))]
    priority: Option<TicketPriority>,
    #[arg(long = "type", value_parser = enum_arg::<TicketType>(TYPES))]
    kind: Option<TicketType>,
    #[arg(long, value_parser = enum_arg::<TicketChannel>(CHANNELS))]
    channel: Option<TicketChannel>,
    #[arg(long)]
    assignee: Option<String>,
    /// A tag; repeat for more.
    #[arg(long = "tag")]
    tags: Vec<String>,
    #[arg(long, value_name = "ID")]
    deal: Option<Id>,
    /// When the ticket was opened, RFC 3339 (default: now); for history from another helpdesk.
    #[arg(long, value_name = "RFC3339", value_parser = output::rfc3339)]
    at: Option<Millis>,
}

#[derive(Debug, Args)]
pub struct Reply {
    ticket: String,
    #[arg(long)]
    body: String,
    /// An internal note, never shown to the customer.
    #[arg(long, conflicts_with = "customer")]
    internal: bool,
    /// A message from the customer (reopens a pending or solved ticket).
    #[arg(long)]
    customer: bool,
    /// Who wrote it.
    #[arg(long)]
    author: Option<String>,
    #[arg(long, value_name = "RFC3339", value_parser = output::rfc3339)]
    at: Option<Millis>,
    /// Also send the reply to the requester by email (queued in the outbox, `[T-000123]` in the subject,
    /// threaded on the customer's last email). Never by default.
    #[arg(long, conflicts_with_all = ["internal", "customer"])]
    email: bool,
    /// The mail account to send from (with --email); may be left out when there is only one.
    #[arg(long, requires = "email")]
    account: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListTickets {
    #[arg(long, value_parser = enum_arg::<TicketStatus>(STATUSES))]
    status: Option<TicketStatus>,
    /// Only open tickets whose SLA is breached or breaching within 30 business minutes.
    #[arg(long)]
    breaching: bool,
    #[arg(long)]
    assignee: Option<String>,
    #[arg(long)]
    limit: Option<u32>,
    /// The next page: the tickets after this one (id or number: the last of the previous page).
    #[arg(long)]
    after: Option<String>,
    /// Only tickets whose number, subject or requester's name matches.
    #[arg(long)]
    search: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn run(store: &Store, cmd: TicketsCmd) -> AppResult<()> {
    let id = |r: &str| tickets::find(store, r);
    let detail = match cmd {
        TicketsCmd::Add(a) => tickets::create(
            store,
            TicketInput {
                subject: a.subject,
                description: a.description,
                person_id: a.person,
                priority: a.priority,
                kind: a.kind,
                channel: a.channel,
                assignee: a.assignee,
                tags: a.tags,
                deal_id: a.deal,
                at: a.at,
            },
        )?,
        TicketsCmd::Reply(r) => {
            let m = TicketMessage { body: r.body, internal: r.internal, at: r.at, author: r.author };
            if r.email {
                let account = super::mail::pick_account(store, r.account.as_deref())?;
                tickets::email::reply_by_email(store, id(&r.ticket)?, m, account)?
            } else if r.customer {
                tickets::customer_reply(store, id(&r.ticket)?, m)?
            } else {
                tickets::reply(store, id(&r.ticket)?, m)?
            }
        }
        TicketsCmd::Status { ticket, status, at } => tickets::set_status(store, id(&ticket)?, status, at)?,
        TicketsCmd::Assign { ticket, assignee, at } => tickets::assign(store, id(&ticket)?, assignee.as_deref(), at)?,
        TicketsCmd::Rate { ticket, rating, comment } => tickets::rate(store, id(&ticket)?, rating, comment.as_deref())?,
        TicketsCmd::Show { ticket, json: _ } => tickets::get(store, id(&ticket)?)?,
        TicketsCmd::List(l) => {
            let q = TicketsQuery {
                status: l.status,
                breaching: l.breaching,
                person_id: None,
                assignee: l.assignee,
                limit: l.limit,
                after: l.after.as_deref().map(id).transpose()?,
                search: l.search,
            };
            let rows = tickets::list(store, &q)?;
            let total = rows.len() as i64;
            let headers = ["NUMBER", "STATUS", "PRIORITY", "SUBJECT", "ASSIGNEE", "SLA"];
            return output::list(l.json, rows, total, &headers, |t| {
                let sla = match (t.sla.breached, t.sla.breaching_soon) {
                    (true, _) => "breached",
                    (false, true) => "breaching soon",
                    _ => "",
                };
                vec![
                    t.number,
                    enum_text(&t.status),
                    enum_text(&t.priority),
                    t.subject,
                    output::opt(&t.assignee),
                    sla.into(),
                ]
            });
        }
    };
    output::json(&detail)
}

fn enum_text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
