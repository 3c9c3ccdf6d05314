//! One benchmark figure: what the product path took, what the raw reference took, and the goal.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Goal {
    /// Product at most this many milliseconds, and (with a raw reference) at most `ratio` times raw.
    MaxMs { ms: f64, ratio: Option<f64> },
    /// Product at least this many rows per second, and at least `ratio` of the raw rate.
    MinRate { rows_per_s: f64, ratio: f64 },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Miss,
    /// Not measurable yet: names the feature it waits for.
    Pending(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub key: &'static str,
    pub name: &'static str,
    /// "ms" or "rows/s".
    pub unit: &'static str,
    pub product: Option<f64>,
    pub raw: Option<f64>,
    /// product / raw for times, product rate / raw rate for rates.
    pub ratio: Option<f64>,
    pub goal: Goal,
    pub status: Status,
    /// Extra numbers worth printing (p50, the parts of a sum, row counts).
    pub detail: String,
    /// What limits the figure; the report prints it for every figure that misses.
    pub note: &'static str,
}

impl Figure {
    pub fn timed(key: &'static str, name: &'static str, goal: Goal, product: f64, raw: Option<f64>) -> Figure {
        let ratio = raw.filter(|r| *r > 0.0).map(|r| product / r);
        let pass = match goal {
            Goal::MaxMs { ms, ratio: max_ratio } => {
                product <= ms && max_ratio.zip(ratio).is_none_or(|(max, got)| got <= max)
            }
            Goal::MinRate { .. } => false,
        };
        Figure::new(key, name, "ms", goal, Some(product), raw, ratio, pass)
    }

    pub fn rate(key: &'static str, name: &'static str, goal: Goal, product: f64, raw: Option<f64>) -> Figure {
        let ratio = raw.filter(|r| *r > 0.0).map(|r| product / r);
        let pass = match goal {
            Goal::MinRate { rows_per_s, ratio: min_ratio } => {
                product >= rows_per_s && ratio.is_none_or(|got| got >= min_ratio)
            }
            Goal::MaxMs { .. } => false,
        };
        Figure::new(key, name, "rows/s", goal, Some(product), raw, ratio, pass)
    }

    /// A figure whose product path does not exist yet; `raw` may already be measured.
    pub fn pending(key: &'static str, name: &'static str, unit: &'static str, goal: Goal, needs: &str) -> Figure {
        let mut f = Figure::new(key, name, unit, goal, None, None, None, false);
        f.status = Status::Pending(format!("needs {needs}"));
        f
    }

    #[allow(clippy::too_many_arguments)]
    fn new(
        key: &'static str,
        name: &'static str,
        unit: &'static str,
        goal: Goal,
        product: Option<f64>,
        raw: Option<f64>,
        ratio: Option<f64>,
        pass: bool,
    ) -> Figure {
        let status = if pass { Status::Pass } else { Status::Miss };
        Figure { key, name, unit, product, raw, ratio, goal, status, detail: String::new(), note: "" }
    }

    pub fn detail(mut self, detail: String) -> Figure {
        self.detail = detail;
        self
    }

    pub fn note(mut self, note: &'static str) -> Figure {
        self.note = note;
        self
    }

    pub fn goal_text(&self) -> String {
        match self.goal {
            Goal::MaxMs { ms, ratio: Some(r) } => format!("≤ {ms} ms, ratio ≤ {r}"),
            Goal::MaxMs { ms, ratio: None } => format!("≤ {ms} ms"),
            Goal::MinRate { rows_per_s, ratio } => format!("≥ {}k rows/s, ratio ≥ {ratio}", rows_per_s / 1000.0),
        }
    }

    pub fn status_text(&self) -> String {
        match &self.status {
            Status::Pass => "pass".into(),
            Status::Miss => "MISS".into(),
            Status::Pending(why) => format!("pending: {why}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_decide_pass_and_miss() {
        let g = Goal::MaxMs { ms: 20.0, ratio: Some(1.5) };
        assert_eq!(Figure::timed("s", "s", g, 10.0, Some(8.0)).status, Status::Pass);
        assert_eq!(Figure::timed("s", "s", g, 10.0, Some(5.0)).status, Status::Miss);
        assert_eq!(Figure::timed("s", "s", g, 25.0, None).status, Status::Miss);
        let r = Goal::MinRate { rows_per_s: 250_000.0, ratio: 0.5 };
        assert_eq!(Figure::rate("i", "i", r, 300_000.0, Some(500_000.0)).status, Status::Pass);
        assert_eq!(Figure::rate("i", "i", r, 300_000.0, Some(700_000.0)).status, Status::Miss);
        assert!(Figure::pending("x", "x", "ms", g, "scoring").status_text().starts_with("pending: needs"));
    }
}
