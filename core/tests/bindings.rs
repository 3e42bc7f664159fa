//! The UI's TypeScript types and its API client (`api.ts`, one method per
//! command of `pos_core::api::COMMANDS`) are generated from Rust and
//! committed under ui/src/bindings. This test fails when they are stale;
//! `UPDATE_BINDINGS=1 cargo test -p pos-core --test bindings` rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ts_rs::TS;

fn export_all(dir: &Path) {
    use pos_core::*;
    macro_rules! export {
        ($($t:ty),* $(,)?) => { $( <$t>::export_all_to(dir).expect(stringify!($t)); )* };
    }
    export!(
        error::ErrorBody,
        till::AppStatus,
        till::Outcome,
        till::OrderRequest,
        domain::OrderView,
        domain::Event,
        domain::EventKind,
        domain::Role,
        staff::StaffMember,
        staff::StaffInput,
        catalog::Product,
        catalog::ProductInput,
        catalog::ImportPreview,
        catalog::ImportPick,
        till::Credentials,
        read::DayReport,
        settings::Settings,
        settings::SettingsInput,
        policy::PolicyInput,
        read::OrderSummary,
        read::OrderFilter,
        read::AuditEntry,
        read::AuditFilter,
        read::AuditTotals,
        read::TimelineEntry,
        read::TimelineMark,
        read::TimelineStep,
        read::Receipt,
        store::VerifyReport,
        projections::AuditKind,
    );
    // Every command's arguments and reply, and the client over them.
    for spec in api::COMMANDS {
        (spec.export)(dir).expect(spec.name);
    }
    std::fs::write(dir.join("api.ts"), api::client::typescript()).expect("api.ts");
    // Every message key and term, for the UI's test of its catalogs.
    std::fs::write(dir.join("errorKeys.ts"), message::typescript()).expect("errorKeys.ts");
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "ts") {
                out.insert(e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn typescript_bindings_are_fresh() {
    let committed: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings");
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    // serde_json writes 64-bit integers as JSON numbers, which JavaScript
    // reads as `number`, never `bigint`; every id and count here stays far
    // below 2^53, so `number` is the type the UI really receives.
    let generated: BTreeMap<String, String> =
        read_dir(fresh.path()).into_iter().map(|(k, v)| (k, v.replace("bigint", "number"))).collect();
    assert!(generated.len() > 10);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        std::fs::create_dir_all(&committed).unwrap();
        for (name, text) in &generated {
            std::fs::write(committed.join(name), text).unwrap();
        }
        return;
    }
    let on_disk = read_dir(&committed);
    let stale: Vec<&String> = generated.keys().filter(|k| on_disk.get(*k) != generated.get(*k)).collect();
    let extra: Vec<&String> = on_disk.keys().filter(|k| !generated.contains_key(*k)).collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "ui/src/bindings is stale (changed or missing: {stale:?}; no longer generated: {extra:?}); \
         run `UPDATE_BINDINGS=1 cargo test -p pos-core --test bindings` and commit the result"
    );
}
