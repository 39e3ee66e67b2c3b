//! The `advocate` command: all of it is in the library.

/// mimalloc rather than the system's allocator: a build makes and frees
/// millions of small strings from two threads, where glibc's malloc spent
/// about a sixth of a 10,000-post build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    advocate::run()
}
