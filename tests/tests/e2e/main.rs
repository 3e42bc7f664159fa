//! End-to-end tests: one test binary, one module per area of the till.
//!
//! Each test drives the real built app (target/debug/pos-desktop) through
//! tauri-driver on a fresh database, so they are `#[ignore]`d in a plain
//! `cargo test` (which has neither a display nor necessarily a built app).
//! scripts/test runs them on Xvfb:
//!
//! ```text
//! cargo test --workspace --test e2e -- --ignored --test-threads=1
//! ```
//!
//! By hand, with a display: `cargo build -p pos-desktop` first, then
//! `cargo test -p pos-e2e -- --ignored --test-threads=1`.
//!
//! A new area: add `mod <area>;` here and tests/e2e/<area>.rs, and mark each
//! test `#[ignore = "end-to-end"]`.

mod accessibility;
mod anchor;
mod back_office;
mod drawer;
mod exchanges;
mod printing;
mod refunds;
mod faults;
mod history;
mod installed;
mod keyboard;
mod locales;
mod measure;
mod register;
mod security;
mod shop;
mod setup;
mod startup;
mod support;
mod time_zones;
