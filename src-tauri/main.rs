// Keep a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let args = relata::cli::parse_args();
    let data_dir = relata::paths::resolve_data_dir(args.data_dir.clone());
    match args.command {
        None => relata::app::run(data_dir),
        // The bench only ever uses a data dir given on the command line, never the user's own.
        Some(relata::cli::Command::Bench(cmd)) => {
            std::process::exit(relata::cli::bench::run(args.data_dir.as_deref(), cmd))
        }
        Some(command) => std::process::exit(relata::cli::run(&data_dir, command)),
    }
}
