//! The `advocate` command: all of it is in the library.

fn main() -> std::process::ExitCode {
    advocate::run()
}
