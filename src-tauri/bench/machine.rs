//! The machine a run was measured on, read from the OS where it tells (Linux /proc, os-release).

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub ram_mb: Option<u64>,
    pub os: String,
    pub profile: &'static str,
}

impl Machine {
    pub fn current() -> Machine {
        Machine {
            cpu: cpu_model().unwrap_or_else(|| std::env::consts::ARCH.to_string()),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            ram_mb: ram_mb(),
            os: os_name(),
            profile: if cfg!(debug_assertions) { "debug" } else { "release" },
        }
    }

    pub fn summary(&self) -> String {
        let ram = self.ram_mb.map_or("? GB".to_string(), |mb| format!("{:.1} GB", mb as f64 / 1024.0));
        format!("{}, {} cores, {ram} RAM, {}, {} build", self.cpu, self.cores, self.os, self.profile)
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
