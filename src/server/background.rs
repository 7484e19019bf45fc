//! Work the server does for itself, which no one waits for: writing the
//! index cache after the first indexing, setting up the file watcher.
//! It runs on a thread of its own at a lower priority (Linux: a nice
//! value of 10 for that thread alone, or the server's if it is higher),
//! and what it does in parallel stays on that one thread, so that on a
//! machine with few cores a hover or an edit's diagnostics find a core
//! free, or take one from it at once, instead of waiting for their turn.
//! Tokio's blocking pool is not used: its threads run request handlers
//! after, and a thread's priority, once lowered, cannot be raised again
//! without privileges.

use std::fmt;

/// The nice value of background threads (0 is the default, 19 the
/// lowest priority): low enough that the scheduler hands the core to any
/// request at once, high enough that the work still gets done on a
/// machine busy with other programs.
#[cfg(target_os = "linux")]
const NICE: libc::c_int = 10;

/// The background thread stopped before its work was done (it panicked,
/// or could not be started).
#[derive(Debug)]
pub struct Stopped;

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the background thread stopped")
    }
}

/// Runs `work` on a background thread of lower priority, and gives its
/// result.
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Stopped> {
    let (done, result) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("newsls-background".to_string())
        .spawn(move || {
            lower_priority();
            let _ = done.send(on_one_core(work));
        })
        .map_err(|_| Stopped)?;
    result.await.map_err(|_| Stopped)
}

/// Runs `work` with a thread pool of one thread at the lower priority, so
/// that what it does on "every core" (rayon's parallel iterators: the
/// cache is encoded a few chunks at a time) stays on one core and at that
/// priority. In rayon's global pool the encoding ran on both cores at the
/// priority of requests, and an edit made right after the first indexing
/// waited for a core behind it.
fn on_one_core<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "newsls-background".to_string())
        .start_handler(|_| lower_priority())
        .build();
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Gives the calling thread the nice value [`NICE`], unless it runs at a
/// lower priority already (the whole server started with `nice`).
#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: `getpriority` and `setpriority` take plain integers and
    // touch no memory of ours. On Linux the nice value belongs to each
    // thread, and `PRIO_PROCESS` with 0 names the calling thread alone. A
    // refusal leaves the thread at its priority: nothing to do about it.
    unsafe {
        let current = libc::getpriority(libc::PRIO_PROCESS, 0);
        if current < NICE {
            libc::setpriority(libc::PRIO_PROCESS, 0, NICE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

#[cfg(test)]
#[cfg(target_os = "linux")]
mod tests {
    use super::*;

    /// The calling thread's nice value: field 19 of proc(5), after the
    /// name in parentheses.
    fn nice() -> i64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
        let after = stat.rsplit_once(')').unwrap().1;
        after.split_whitespace().nth(16).unwrap().parse().unwrap()
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
    }

    /// The work runs at the lower priority, and the caller's thread keeps
    /// its own.
    #[test]
    fn background_work_runs_at_a_lower_priority() {
        let before = nice();
        let during = runtime().block_on(run(nice)).unwrap();
        assert_eq!(during, before.max(i64::from(NICE)));
        assert_eq!(nice(), before, "the caller's thread is unchanged");
    }

    /// Parallel work in the background (the cache is encoded with rayon)
    /// stays on one thread at the lower priority: it never takes the
    /// other cores from requests.
    #[test]
    fn parallel_background_work_stays_on_one_low_priority_thread() {
        use rayon::prelude::*;
        let seen = runtime()
            .block_on(run(|| {
                (0..256)
                    .into_par_iter()
                    .map(|_| (std::thread::current().id(), nice()))
                    .collect::<std::collections::HashSet<_>>()
            }))
            .unwrap();
        assert_eq!(seen.len(), 1, "one thread: {seen:?}");
        assert!(seen.iter().all(|&(_, n)| n >= i64::from(NICE)), "{seen:?}");
    }
}
