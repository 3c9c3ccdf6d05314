//! The machine a run was measured on, read from the OS where it tells (Linux /proc, os-release).

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub ram_mb: Option<u64>,
    pub os: String,
    pub profile: &'static str,
    /// The load average over 1, 5 and 15 minutes when the run ended: other work on a shared machine
    /// inflates wall times.
    pub load_average: Option<String>,
}

impl Machine {
    pub fn current() -> Machine {
        Machine {
            cpu: cpu_model().unwrap_or_else(|| std::env::consts::ARCH.to_string()),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            ram_mb: ram_mb(),
            os: os_name(),
            profile: if cfg!(debug_assertions) { "debug" } else { "release" },
            load_average: std::fs::read_to_string("/proc/loadavg")
                .ok()
                .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(", ")),
        }
    }

    pub fn summary(&self) -> String {
        let ram = self.ram_mb.map_or("? GB".to_string(), |mb| format!("{:.1} GB", mb as f64 / 1024.0));
        let load = self.load_average.as_ref().map_or(String::new(), |l| format!(", load average {l} (1/5/15 min)"));
        format!("{}, {} cores, {ram} RAM, {}, {} build{load}", self.cpu, self.cores, self.os, self.profile)
    }
}

fn proc_field(file: &str, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    Some(line.split_once(':')?.1.trim().to_string())
}

fn cpu_model() -> Option<String> {
    proc_field("/proc/cpuinfo", "model name")
}

fn ram_mb() -> Option<u64> {
    let kb = proc_field("/proc/meminfo", "MemTotal")?;
    Some(kb.trim_end_matches("kB").trim().parse::<u64>().ok()? / 1024)
}

fn os_name() -> String {
    let pretty = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| t.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=").map(|v| v.trim_matches('"').to_string())));
    pretty.unwrap_or_else(|| std::env::consts::OS.to_string())
}
