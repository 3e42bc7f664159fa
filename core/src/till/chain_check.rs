//! The event chain as checked since this till started.
//!
//! A start must not wait on years of history: the first look walks only the
//! events added since the last whole walk found the chain intact (kept in the
//! file), at most the newest [`CHAIN_QUICK_WALK_MAX`] of them (when none was
//! kept, or the last whole walk is older than that, the rest is the whole
//! walk's), and a thread with its own read-only connection walks the whole
//! chain meanwhile. The report answers the quick walk until the whole one is
//! done, then the whole one; a break found by either is what it answers.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OpenFlags};

use crate::limits::{CHAIN_QUICK_WALK_MAX, CHAIN_WALK_DELAY_MS};
use crate::store::{self, Checked, StoreError, VerifyReport};

/// What the background walk found: the report and how far it found the chain intact.
type Whole = Result<(VerifyReport, Option<Checked>), String>;

pub(crate) struct ChainCheck {
    /// Most events the first look walks.
    quick_max: i64,
    /// The walk of the new events, done on the first look.
    quick: Option<VerifyReport>,
    /// The whole walk's answer once its thread is done.
    whole: Arc<Mutex<Option<Whole>>>,
    /// The whole walk's answer as taken into account (its `Checked` kept).
    settled: Option<VerifyReport>,
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck::walking_at_first(CHAIN_QUICK_WALK_MAX)
    }
}

impl ChainCheck {
    /// A check whose first look walks at most the newest `quick_max` events.
    pub(crate) fn walking_at_first(quick_max: i64) -> Self {
        ChainCheck { quick_max: quick_max.max(1), quick: None, whole: Arc::default(), settled: None }
    }

    /// The chain as known now; the first call walks what is new and starts
    /// the whole walk.
    pub(crate) fn report(&mut self, conn: &Connection, path: &Path) -> Result<VerifyReport, StoreError> {
        if let Some(settled) = &self.settled {
            return Ok(settled.clone());
        }
        let quick = match &self.quick {
            Some(quick) => quick.clone(),
            None => self.first_look(conn, path)?,
        };
        if !quick.intact {
            return Ok(quick);
        }
        let whole = self.whole.lock().unwrap_or_else(|p| p.into_inner()).take();
        match whole {
            None => Ok(quick),
            Some(Ok((report, checked))) => {
                if let Some(checked) = checked {
                    // Losing this only costs the next start a longer walk.
                    let _ = store::save_checked(conn, &checked);
                }
                self.settled = Some(report.clone());
                Ok(report)
            }
            Some(Err(_)) => {
                // The background walk could not read the file: walk here.
                let report = store::verify(conn)?;
                self.settled = Some(report.clone());
                Ok(report)
            }
        }
    }

    fn first_look(&mut self, conn: &Connection, path: &Path) -> Result<VerifyReport, StoreError> {
        let checked = self.first_point(conn)?;
        let quick = store::verify_since(conn, &checked)?;
        if quick.from == 1 {
            // The whole chain was walked already (nothing kept, or the kept point broken).
            if quick.intact {
                let _ = store::save_checked(conn, &head_of(conn)?);
            }
            self.settled = Some(quick.clone());
        } else {
            self.start_whole(path.to_path_buf());
        }
        self.quick = Some(quick.clone());
        Ok(quick)
    }

    /// Where the first look starts: the point the last whole walk kept,
    /// unless more than `quick_max` events came after it (or none was kept):
    /// then just before the newest `quick_max`, at the hash stored there,
    /// which the whole walk checks behind. O(log events) to find.
    fn first_point(&self, conn: &Connection) -> Result<Checked, StoreError> {
        let kept = store::load_checked(conn)?;
        let head = store::chain_head(conn)?.position;
        if head - kept.position <= self.quick_max {
            return Ok(kept);
        }
        // No event there (a damaged file): the kept point, whose walk names the gap.
        Ok(store::checked_at(conn, head - self.quick_max)?.unwrap_or(kept))
    }

    fn start_whole(&self, path: PathBuf) {
        let whole = Arc::clone(&self.whole);
        let spawned = std::thread::Builder::new().name("chain-check".into()).spawn(move || {
            // The start's own work (the window, the first screens) goes first.
            std::thread::sleep(std::time::Duration::from_millis(CHAIN_WALK_DELAY_MS));
            let found = walk_whole(&path).map_err(|e| e.to_string());
            *whole.lock().unwrap_or_else(|p| p.into_inner()) = Some(found);
        });
        if let Err(e) = spawned {
            *self.whole.lock().unwrap_or_else(|p| p.into_inner()) = Some(Err(e.to_string()));
        }
    }
}

/// The whole walk on a read-only connection of its own, in one read
/// transaction so events appended meanwhile neither show half nor count as
/// missing.
fn walk_whole(path: &Path) -> Result<(VerifyReport, Option<Checked>), StoreError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| StoreError::from_open(e, path))?;
    let tx = conn.unchecked_transaction()?;
    let found = store::verify_whole(&tx)?;
    tx.finish()?;
    Ok(found)
}

/// The newest event's position and hash (position 0 on an empty chain).
fn head_of(conn: &Connection) -> Result<Checked, StoreError> {
    let head = store::chain_head(conn)?;
    let hash = hex::decode(&head.hash)
        .map_err(|e| StoreError::CorruptRow { position: Some(head.position), detail: format!("hash: {e}") })?;
    Ok(Checked { position: head.position, hash })
}

#[cfg(test)]
#[path = "chain_check_tests.rs"]
mod tests;
