//! The harness's guards: a counting allocator (per-thread peak, and no single allocation above
//! 1 GiB) and a watchdog for hangs. Both name the input of the case that tripped them.

// Memory: per-thread peak of live bytes, and no single allocation above 1 GiB (an attempt aborts
// the run with "memory allocation of N bytes failed" instead of swapping the machine to death).

pub mod memory {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    pub const HARD_LIMIT: usize = 1 << 30;

    thread_local! {
        static LIVE: Cell<isize> = const { Cell::new(0) };
        static PEAK: Cell<isize> = const { Cell::new(0) };
    }

    fn note(delta: isize) {
        let _ = LIVE.try_with(|l| {
            let v = l.get() + delta;
            l.set(v);
            let _ = PEAK.try_with(|p| if v > p.get() { p.set(v) });
        });
    }

    /// Starts measuring: the peak is reset to what is live now.
    pub fn start() -> isize {
        let live = LIVE.with(|l| l.get());
        PEAK.with(|p| p.set(live));
        live
    }

    /// Bytes allocated above `start` at the peak since.
    pub fn peak_since(start: isize) -> usize {
        (PEAK.with(|p| p.get()) - start).max(0) as usize
    }

    pub struct Counting;

    /// Refuses the allocation, naming the input of the case that asked for it (the process
    /// aborts right after, so this is the only word from it).
    fn refuse(size: usize) -> *mut u8 {
        super::watchdog::report(&format_args!("asked for an allocation of {size} bytes"));
        std::ptr::null_mut()
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            if l.size() > HARD_LIMIT {
                return refuse(l.size());
            }
            let p = unsafe { System.alloc(l) };
            if !p.is_null() {
                note(l.size() as isize);
            }
            p
        }
        unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
            if l.size() > HARD_LIMIT {
                return refuse(l.size());
            }
            let p = unsafe { System.alloc_zeroed(l) };
            if !p.is_null() {
                note(l.size() as isize);
            }
            p
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            unsafe { System.dealloc(p, l) };
            note(-(l.size() as isize));
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
            if new > HARD_LIMIT {
                return refuse(new);
            }
            let q = unsafe { System.realloc(p, l, new) };
            if !q.is_null() {
                note(new as isize - l.size() as isize);
            }
            q
        }
    }
}

#[global_allocator]
static ALLOC: memory::Counting = memory::Counting;

// Hangs: a watchdog thread stops the process when one case runs longer than FUZZ_HANG_S.

pub mod watchdog {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    use std::thread::ThreadId;
    use std::time::{Duration, Instant};

    type Cases = Mutex<HashMap<ThreadId, (Instant, String, String)>>;

    fn cases() -> &'static Cases {
        static CASES: OnceLock<Cases> = OnceLock::new();
        CASES.get_or_init(|| {
            std::thread::spawn(|| loop {
                std::thread::sleep(Duration::from_millis(250));
                let now = Instant::now();
                let cases = cases().lock().unwrap();
                if let Some((deadline, target, input)) = cases.values().find(|(d, ..)| *d < now) {
                    let _ = deadline;
                    eprintln!("fuzz {target}: one case ran longer than FUZZ_HANG_S; its input:\n{input}");
                    std::process::exit(3);
                }
            });
            Mutex::new(HashMap::new())
        })
    }

    /// Prints the input of this thread's case (called from the allocator: it allocates nothing
    /// and only tries the lock, which no huge allocation is made under).
    pub fn report(why: &std::fmt::Arguments) {
        use std::io::Write;
        let Some(cases) = CASES_REF.get() else { return };
        if let Ok(cases) = cases.try_lock() {
            if let Some((_, target, input)) = cases.get(&std::thread::current().id()) {
                let _ = writeln!(std::io::stderr(), "fuzz {target}: one case {why}; its input:\n{input}");
            }
        }
    }

    static CASES_REF: OnceLock<&'static Cases> = OnceLock::new();

    pub struct Armed;

    pub fn arm(target: &str, input: String, limit: Duration) -> Armed {
        let _ = CASES_REF.set(cases());
        cases().lock().unwrap().insert(std::thread::current().id(), (Instant::now() + limit, target.to_string(), input));
        Armed
    }

    impl Drop for Armed {
        fn drop(&mut self) {
            cases().lock().unwrap().remove(&std::thread::current().id());
        }
    }
}
