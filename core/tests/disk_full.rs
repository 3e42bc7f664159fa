//! Disk full: on a small filesystem that fills up, a command fails with a
//! clear "disk is full" error, nothing is half-written, and the till works
//! again once space is freed. Needs root (it mounts a 2 MiB tmpfs).

use std::path::Path;
use std::process::Command;

use pos_core::{CommandMeta, OrderRequest, Till};

struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn mount_small_tmpfs(dir: &Path) -> Mount {
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(dir)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(ok, "mounting a tmpfs needs root; run the test suite as root (as CI does)");
    Mount(dir.to_path_buf())
}

#[test]
fn a_full_disk_refuses_cleanly_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let _mount = mount_small_tmpfs(dir.path());
    let path = dir.path().join("pos.db");
    let mut till = Till::open(&path).unwrap();
    let cashier = till.sign_in("1001", "1234").unwrap().id;
    // Fill most of the space, leaving room for some sales.
    let filler = dir.path().join("filler");
    let used = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::write(&filler, vec![0u8; (1_600_000u64.saturating_sub(used)) as usize]);
    let mut committed = 0u32;
    let mut refusal = None;
    'outer: for _ in 0..10_000 {
        let id = match till.open_order(&CommandMeta::new(cashier)) {
            Ok(o) => o.order.id,
            Err(e) => {
                refusal = Some(e);
                break;
            }
        };
        committed += 1;
        for _ in 0..20 {
            match till.execute(id, OrderRequest::AddItem { code: "COF-ESP".into(), quantity: 1 }, &CommandMeta::new(cashier)) {
                Ok(_) => committed += 1,
                Err(e) => {
                    refusal = Some(e);
                    break 'outer;
                }
            }
        }
    }
    let refusal = refusal.expect("the disk never filled");
    println!("committed_before_full={committed} refusal={:?} message={}", refusal.code(), refusal);
    assert_eq!(refusal.code(), "disk_full", "{refusal}");
    assert!(refusal.to_string().contains("disk is full"));
    // Nothing half-written: the chain is whole and holds exactly the committed commands.
    let events: i64 = till.conn().query_row("SELECT count(*) FROM events WHERE stream > 0", [], |r| r.get(0)).unwrap();
    assert_eq!(events, i64::from(committed), "the orders' events (the demo shop's and sign-ins are on streams of their own)");
    assert!(till.verify().unwrap().intact);
    // Free the space: the till carries on.
    std::fs::remove_file(&filler).unwrap();
    let id = till.open_order(&CommandMeta::new(cashier)).unwrap().order.id;
    till.execute(id, OrderRequest::AddItem { code: "COF-ESP".into(), quantity: 1 }, &CommandMeta::new(cashier)).unwrap();
    assert!(till.verify().unwrap().intact);
    drop(till);
}
