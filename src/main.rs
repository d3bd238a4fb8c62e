use std::process::ExitCode;

fn main() -> ExitCode {
    pyguide::cli::main()
}
