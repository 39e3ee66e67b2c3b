//! The `advocate` command: all of it is in the library.

/// mimalloc rather than the system's allocator: a build makes and frees
/// millions of small strings from two threads, where glibc's malloc spent
/// about a sixth of a 10,000-post build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the 16th option of `mi_option_t` in
/// mimalloc.h, version 3), which libmimalloc-sys does not name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory is kept before it goes back to the system, in
/// milliseconds. mimalloc 3 keeps it a whole second; a build frees in
/// waves a fraction of a second apart, so each wave took fresh memory.
/// A tenth of a second costs about 5 % of a build's time and lowers its
/// peak by an eighth (10,000 posts: 131–143 MiB to 118–120).
const PURGE_AFTER_MS: std::ffi::c_long = 100;

fn main() -> std::process::ExitCode {
    // SAFETY: mimalloc's options are set before any other thread exists,
    // as `mi_option_set` asks.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_AFTER_MS) };
    advocate::run()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_is_mimallocs_option() {
        // Its documented default (1,000 ms) pins the number: an update of
        // mimalloc that moved its options would fail here, not set another.
        // SAFETY: reads an option; no other thread sets one.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(default, 1000);
    }
}
