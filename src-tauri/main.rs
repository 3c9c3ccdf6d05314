// Keep a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let args = relata_cli::parse_args();
    let data_dir = relata_core::paths::resolve_data_dir(args.data_dir.clone());
    match args.command {
        None => relata::app::run(data_dir),
        Some(command) => std::process::exit(relata_cli::run_command(args.data_dir.as_deref(), &data_dir, command)),
    }
}
