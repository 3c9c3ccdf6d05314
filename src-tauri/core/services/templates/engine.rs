//! The minijinja environment templates parse and render in, and how its errors become `AppError`s.

use std::collections::BTreeSet;
use std::sync::Arc;

use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};

use super::context::Lookups;
use super::fields;
use crate::error::{AppError, AppResult, ErrorCode};

/// Instructions one render may run: far more than any real message needs, and a stop for a loop that
/// would run for minutes.
const FUEL: u64 = 500_000;
/// The most text one subject or body may render to (a loop printing a long value stops here).
pub const MAX_OUTPUT_BYTES: usize = 1024 * 1024;

fn env() -> Environment<'static> {
    let mut env = Environment::new();
    // An undefined value may be tested (`is defined`) or given a `default`, never printed as "".
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Both outputs render as text; the HTML part escapes the whole rendered text (see `html`).
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_fuel(Some(FUEL));
    // No mutable state across loop iterations and no number ranges: a mail needs neither, and without them
    // a loop cannot grow a value step by step.
    env.remove_global("namespace");
    env.remove_global("range");
    env
}

/// Collects rendered text up to `MAX_OUTPUT_BYTES`, then refuses more.
struct Capped(Vec<u8>);

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT_BYTES {
            return Err(std::io::Error::other("output too long"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Parses `source` and checks the merge fields it uses; `field` names the input (`variants.0.body`).
pub(super) fn check(source: &str, field: &str) -> AppResult<()> {
    let env = env();
    let template = env.template_from_str(source).map_err(|e| syntax(&e, field))?;
    let paths: BTreeSet<String> = template.undeclared_variables(true).into_iter().collect();
    fields::check(&paths, field)
}

/// Renders `source` with the merge fields in `ctx`; `field` names the part (`subject`, `body`).
pub(super) fn render(source: &str, field: &str, ctx: &Value, lookups: &Arc<Lookups>) -> AppResult<String> {
    let env = env();
    let template = env.template_from_str(source).map_err(|e| syntax(&e, field))?;
    let mut out = Capped(Vec::new());
    template.render_captured_to(ctx, &mut out).map_err(|e| match e.kind() {
        ErrorKind::UndefinedError => {
            let span = e.range().and_then(|r| source.get(r));
            match lookups.blame(span) {
                Some(path) => AppError::field(
                    ErrorCode::MissingField,
                    path.clone(),
                    format!("{path} has no value for this recipient and the template gives no fallback{}", at(&e)),
                ),
                None => AppError::field(
                    ErrorCode::Template,
                    field,
                    format!("the {field} uses an undefined value{}", at(&e)),
                ),
            }
        }
        ErrorKind::OutOfFuel => {
            AppError::field(ErrorCode::Template, field, format!("the {field} takes too long to render"))
        }
        ErrorKind::WriteFailure => AppError::field(
            ErrorCode::Template,
            field,
            format!("the {field} renders to more than {} MB of text", MAX_OUTPUT_BYTES / (1024 * 1024)),
        ),
        _ => syntax(&e, field),
    })?;
    // Every piece written is a whole UTF-8 string, so the bytes are valid text.
    String::from_utf8(out.0).map_err(|_| AppError::internal("a template rendered invalid UTF-8"))
}

fn at(e: &minijinja::Error) -> String {
    e.line().map(|l| format!(" (line {l})")).unwrap_or_default()
}

/// A template error as the user reads it: what is wrong and on which line.
fn syntax(e: &minijinja::Error, field: &str) -> AppError {
    let what = e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string());
    AppError::field(ErrorCode::Template, field, format!("the {field} has an error{}: {what}", at(e)))
}

/// The rendered text as HTML: everything escaped, blank lines start paragraphs, single ones break lines.
pub(super) fn html(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::new();
    for para in text.split("\n\n").map(|p| p.trim_matches('\n')).filter(|p| !p.trim().is_empty()) {
        let lines: Vec<String> = para.lines().map(escape).collect();
        out.push_str("<p>");
        out.push_str(&lines.join("<br>\n"));
        out.push_str("</p>\n");
    }
    out
}

pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A subject is one line: line breaks and runs of spaces become one space.
pub(super) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
