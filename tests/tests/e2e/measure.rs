//! Figures for `scripts/measure`: how long the app takes from the start of
//! its process to the sign-in screen, and how much memory it and its
//! webview's processes hold, idle, on that screen. Nothing is asserted;
//! the figures are printed as one JSON line starting `POS_MEASURE `.
//!
//! Skipped (with a note) unless `POS_MEASURE_RUNS` says how many starts to
//! time, so the end-to-end phase does not spend time on it. The app is
//! `POS_APP` (as for every test); `POS_MEASURE_DB` names a database to open
//! (used in place, e.g. a large one made with `pos bench till-day --db`),
//! else each start gets a fresh demo database.
//!
//! Start-up: the process's start time (from /proc, 10 ms ticks) to the
//! first moment the page shows the sign-in card's code field, read with the
//! page's own clock. The harness can only look once the page has loaded, so
//! when the card is already up by then, the figure includes the harness's
//! few milliseconds of looking: an upper bound.
//!
//! Memory: the proportional set size (PSS, /proc/PID/smaps_rollup) of the
//! app and every process it started (WebKit's web and network processes),
//! summed, a few seconds after the sign-in screen is up. PSS splits shared
//! pages (the WebKit libraries) between the processes using them, so the
//! sum is what this app costs the machine.

use std::path::{Path, PathBuf};
use std::time::Duration;

use pos_e2e::App;
use serde_json::{json, Value};

/// How long the app sits on the sign-in screen before its memory is read.
const SETTLE: Duration = Duration::from_secs(3);

fn clock_ms(clock: libc::clockid_t) -> f64 {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes into the timespec it is given.
    unsafe {
        libc::clock_gettime(clock, &mut now);
    }
    now.tv_sec as f64 * 1000.0 + now.tv_nsec as f64 / 1e6
}

/// When process `pid` started, in milliseconds since the epoch: its start
/// in clock ticks after boot (/proc/PID/stat, field 22), moved onto the
/// wall clock by the current distance between the two clocks.
fn process_start_epoch_ms(pid: i32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    let ticks: f64 = fields.get(19)?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let since_boot_ms = ticks * 1000.0 / per_second;
    let offset = clock_ms(libc::CLOCK_REALTIME) - clock_ms(libc::CLOCK_BOOTTIME);
    Some(since_boot_ms + offset)
}

/// PSS of `pid` in kB, from /proc/PID/smaps_rollup.
fn pss_kb(pid: i32) -> Option<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    rollup
        .lines()
        .find_map(|line| line.strip_prefix("Pss:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
}

fn process_name(pid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm")).map(|s| s.trim().to_string()).unwrap_or_default()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// One start: the app's figures, from its start to idle on the sign-in screen.
struct Start {
    signin_ms: f64,
    webview_ms: f64,
    first_paint_ms: Option<f64>,
    pss_kb: Vec<(String, u64)>,
}

async fn one_start(db: Option<&Path>) -> Start {
    let mut app = match db {
        Some(db) => App::start_in(pos_e2e::new_test_dir(), db.to_path_buf()).await,
        None => App::start().await,
    };
    // Waiting for the page to show the code field; answers the page's clock then.
    let seen = app
        .client()
        .execute_async(
            r##"const done = arguments[arguments.length - 1];
            const look = () => {
              const field = document.querySelector("#signin-code");
              if (field && field.offsetParent !== null) {
                const paint = performance.getEntriesByName("first-contentful-paint")[0];
                done({ at: performance.timeOrigin + performance.now(), origin: performance.timeOrigin,
                       paint: paint ? performance.timeOrigin + paint.startTime : null });
              } else {
                requestAnimationFrame(look);
              }
            };
            look();"##,
            vec![],
        )
        .await
        .unwrap_or_else(|e| app.fail(&format!("the sign-in screen did not come: {e}")));
    let pids = app.app_processes();
    let Some(&main) = pids.first() else { app.fail("cannot find the app's process") };
    let started = process_start_epoch_ms(main).unwrap_or_else(|| app.fail("cannot read the app's start time"));
    let at = |key: &str| seen[key].as_f64().map(|t| t - started);

    tokio::time::sleep(SETTLE).await;
    let pss_kb = app
        .app_processes()
        .into_iter()
        .filter_map(|pid| Some((process_name(pid), pss_kb(pid)?)))
        .collect();
    app.stop().await;
    Start {
        signin_ms: at("at").unwrap_or_else(|| panic!("no time in {seen}")),
        webview_ms: at("origin").unwrap_or_else(|| panic!("no time origin in {seen}")),
        first_paint_ms: at("paint"),
        pss_kb,
    }
}

#[tokio::test]
#[ignore = "end-to-end"]
async fn start_up_and_idle_memory() {
    let Some(runs) = std::env::var("POS_MEASURE_RUNS").ok().and_then(|v| v.parse::<usize>().ok()).filter(|&n| n > 0)
    else {
        eprintln!("skipped: set POS_MEASURE_RUNS to the number of starts to time (scripts/measure does)");
        return;
    };
    let db = std::env::var_os("POS_MEASURE_DB").filter(|v| !v.is_empty()).map(PathBuf::from);
    let events = db.as_deref().map(pos_e2e::db::all_event_count);

    let mut starts = Vec::with_capacity(runs);
    for _ in 0..runs {
        starts.push(one_start(db.as_deref()).await);
    }
    // In the order of the starts (the medians below sort their copies).
    let each: Vec<f64> = starts.iter().map(|s| round1(s.signin_ms)).collect();
    let mut signin: Vec<f64> = starts.iter().map(|s| s.signin_ms).collect();
    let mut webview: Vec<f64> = starts.iter().map(|s| s.webview_ms).collect();
    let mut paint: Vec<f64> = starts.iter().filter_map(|s| s.first_paint_ms).collect();
    let mut pss: Vec<f64> = starts.iter().map(|s| s.pss_kb.iter().map(|(_, kb)| *kb as f64).sum()).collect();
    let last = starts.last().expect("at least one start");
    let processes: Vec<Value> =
        last.pss_kb.iter().map(|(name, kb)| json!({ "name": name, "pss_mb": round1(*kb as f64 / 1024.0) })).collect();
    let binary = pos_e2e::app_binary();
    let figures = json!({
        "app": binary,
        "binary_bytes": std::fs::metadata(&binary).map(|m| m.len()).ok(),
        "db_events": events,
        "runs": runs,
        "start_to_signin_ms": round1(median(&mut signin)),
        "start_to_signin_ms_each": each,
        "start_to_webview_ms": round1(median(&mut webview)),
        "start_to_first_paint_ms": (!paint.is_empty()).then(|| round1(median(&mut paint))),
        "idle_pss_mb": round1(median(&mut pss) / 1024.0),
        "idle_pss_by_process": processes,
    });
    println!("POS_MEASURE {figures}");
}
