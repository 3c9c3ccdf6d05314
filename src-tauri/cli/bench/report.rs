//! The run's output: a table for the terminal, one JSON object, and the Markdown note in docs/.

use std::fmt::Write;

use serde::Serialize;

use super::figure::{Figure, Status};
use super::generate::{Counts, Generated};
use super::machine::Machine;

#[derive(Debug, Serialize)]
pub struct Report {
    pub counts: Counts,
    /// Set when this run generated its dataset.
    pub generated: Option<Generated>,
    pub figures: Vec<Figure>,
    pub machine: Machine,
    pub total_seconds: f64,
}

fn num(v: Option<f64>, unit: &str) -> String {
    match (v, unit) {
        (None, _) => "–".into(),
        (Some(v), "rows/s") => format!("{:.0}k rows/s", v / 1000.0),
        (Some(v), _) => format!("{v:.2} ms"),
    }
}

fn rows(r: &Report) -> Vec<[String; 6]> {
    r.figures
        .iter()
        .map(|f| {
            [
                f.name.to_string(),
                num(f.product, f.unit),
                num(f.raw, f.unit),
                f.ratio.map_or("–".into(), |x| format!("{x:.2}")),
                f.goal_text(),
                f.status_text(),
            ]
        })
        .collect()
}

const HEADER: [&str; 6] = ["figure", "product", "raw", "ratio", "goal", "result"];

pub fn table(r: &Report) -> String {
    let rows = rows(r);
    let width = |i: usize| rows.iter().map(|row| row[i].chars().count()).chain([HEADER[i].len()]).max().unwrap_or(0);
    let widths: Vec<usize> = (0..6).map(width).collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> =
            cells.iter().zip(&widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count()))).collect();
        padded.join("  ").trim_end().to_string()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", line(&HEADER.map(String::from)));
    for row in &rows {
        let _ = writeln!(out, "{}", line(row));
    }
    for f in r.figures.iter().filter(|f| !f.detail.is_empty()) {
        let _ = writeln!(out, "  {}: {}", f.key, f.detail);
    }
    let _ = writeln!(out, "{} people; {}; {:.0} s in all", r.counts.people, r.machine.summary(), r.total_seconds);
    out
}

pub fn markdown(r: &Report) -> String {
    let mut out = String::from(
        "# Benchmarks\n\nWritten by `relata bench` (run it with `cargo run --release -p relata-cli --features bench -- bench`; see the README). \
         Each figure times the product path (the core function the UI calls) and, where there is one, the raw \
         SQLite reference on the same database in the same run.\n\n",
    );
    let c = &r.counts;
    let _ = writeln!(
        out,
        "Dataset: {} people, {} companies, {} deals, {} activities, {} tasks (`relata bench generate`).",
        c.people, c.companies, c.deals, c.activities, c.tasks
    );
    if let Some(g) = &r.generated {
        let parts: Vec<String> = g.parts.iter().map(|(p, s)| format!("{p} {s:.1} s")).collect();
        let _ = writeln!(out, "Generated with seed {} in {:.1} s ({}).", g.seed, g.seconds, parts.join(", "));
    }
    let _ = writeln!(out, "\nMachine: {}. Whole run: {:.0} s.\n", r.machine.summary(), r.total_seconds);
    let _ = writeln!(out, "| {} |\n|{}", HEADER.join(" | "), "---|".repeat(6));
    for row in rows(r) {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push_str("\n## Figures\n\n");
    for f in &r.figures {
        let verdict = match &f.status {
            Status::Pass => "meets its goal".to_string(),
            Status::Miss => "**misses its goal**".to_string(),
            Status::Pending(why) => format!("pending ({why})"),
        };
        let _ = writeln!(out, "- **{}** ({verdict}). {}", f.name, f.note);
        if !f.detail.is_empty() {
            let _ = writeln!(out, "  Measured: {}.", f.detail);
        }
    }
    out.push_str(OUTSIDE);
    out
}

const OUTSIDE: &str = "
## Measured outside `relata bench`

- App memory, idle with 1M people open and the people list shown. Goals: the `relata` process itself
  ≤ 100 MB RSS, and the whole app (relata + WebKit's processes) ≤ 1.2× an empty Tauri window measured in the
  same run (`examples/blank_window.rs`: the same Tauri and WebKitGTK showing about:blank), compared by PSS.
  `xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- bash tests/perf/rss.sh` prints RSS (heap and
  mapped files apart) and PSS per process and in total for both, and the ratio.
- The real UI on a generated 100k store (list shows, scrolling pages in while the DOM stays small, search
  updates): `tests/e2e/scale.test.mjs`, part of the e2e suite; it prints its times and asserts only
  generous bounds (10 s, 3 s).
- Times depend on the machine and on what else runs on it: compare runs on the same machine.
";
