//! `relata-bench`: the headless CLI with `relata bench` and without the app, for measuring (the shipped
//! `relata` binary carries no benchmark). `cargo run --release -p relata-cli --features bench -- bench`.

fn main() {
    let args = relata_cli::parse_args();
    let Some(command) = args.command else {
        eprintln!("relata-bench runs commands only (try 'relata-bench bench --help'); the app is 'relata'");
        std::process::exit(2);
    };
    let data_dir = relata_core::paths::resolve_data_dir(args.data_dir.clone());
    std::process::exit(relata_cli::run_command(args.data_dir.as_deref(), &data_dir, command))
}
