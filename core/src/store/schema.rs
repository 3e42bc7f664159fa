//! Forward-only migrations by `PRAGMA user_version`.

use rusqlite::Connection;

use super::{StoreError, APPLICATION_ID};

/// One entry per schema version; never edit a released entry, add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: events, snapshots, projections, plain tables.
    r#"
    CREATE TABLE events (
        position       INTEGER PRIMARY KEY,
        stream         INTEGER NOT NULL,
        version        INTEGER NOT NULL,
        kind           INTEGER NOT NULL, -- EventKind::code; names in the events_readable view
        schema_version INTEGER NOT NULL,
        payload        TEXT    NOT NULL,
        actor          INTEGER NOT NULL,
        authorised_by  INTEGER,
        terminal       TEXT    NOT NULL,
        command_hi     INTEGER NOT NULL, -- the command id (a UUID) as two 64-bit halves
        command_lo     INTEGER NOT NULL,
        app_version    INTEGER NOT NULL, -- major * 1000000 + minor * 1000 + patch
        recorded_at    INTEGER NOT NULL, -- milliseconds since 1970-01-01 UTC
        hash           BLOB    NOT NULL, -- SHA-256 over this event's canonical bytes and the previous hash
        UNIQUE (stream, version)
    );
    -- The low half alone is selective enough to find a command (UUID v4 and
    -- v7 both keep their random bits there) at half the index size.
    CREATE INDEX events_command ON events (command_lo);
    CREATE VIEW events_readable AS
        SELECT position, stream, version,
               CASE kind WHEN 1 THEN 'OrderOpened' WHEN 2 THEN 'ItemAdded' WHEN 3 THEN 'QuantityChanged'
                         WHEN 4 THEN 'LineVoided' WHEN 5 THEN 'DiscountApplied' WHEN 6 THEN 'DiscountRemoved'
                         WHEN 7 THEN 'OrderConfirmed' WHEN 8 THEN 'OrderVoided' ELSE 'unknown ' || kind END AS kind,
               schema_version, payload, actor, authorised_by, terminal,
               printf('%016x%016x', command_hi, command_lo) AS command_id,
               (app_version / 1000000) || '.' || (app_version / 1000 % 1000) || '.' || (app_version % 1000) AS app_version,
               strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at / 1000.0, 'unixepoch') AS recorded_at,
               hex(hash) AS hash
        FROM events;
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

    CREATE TABLE snapshots (
        stream         INTEGER NOT NULL,
        version        INTEGER NOT NULL,
        schema_version INTEGER NOT NULL,
        state          TEXT    NOT NULL,
        PRIMARY KEY (stream, version)
    ) WITHOUT ROWID;

    CREATE TABLE order_summaries (
        order_id       INTEGER PRIMARY KEY,
        status         TEXT    NOT NULL,
        cashier        INTEGER NOT NULL,
        terminal       TEXT    NOT NULL,
        opened_at      INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        closed_at      INTEGER,
        version        INTEGER NOT NULL,
        line_count     INTEGER NOT NULL,
        item_count     INTEGER NOT NULL,
        subtotal       TEXT    NOT NULL,
        discount_total TEXT    NOT NULL,
        tax_total      TEXT    NOT NULL,
        total          TEXT    NOT NULL,
        total_minor    INTEGER NOT NULL
    );
    CREATE INDEX order_summaries_opened ON order_summaries (opened_at);
    -- Only open orders are looked up by status (parked orders on a till).
    CREATE INDEX order_summaries_open ON order_summaries (terminal) WHERE status = 'open';

    CREATE TABLE audit_log (
        position       INTEGER PRIMARY KEY, -- the event's position
        order_id       INTEGER NOT NULL,
        version        INTEGER NOT NULL,
        kind           TEXT    NOT NULL,
        at             INTEGER NOT NULL,
        actor          INTEGER NOT NULL,
        authorised_by  INTEGER,
        reason         TEXT,
        amount         TEXT    NOT NULL,
        amount_minor   INTEGER NOT NULL,
        detail         TEXT    NOT NULL
    );
    CREATE INDEX audit_log_at ON audit_log (at);

    CREATE TABLE products (
        sku        TEXT PRIMARY KEY,
        barcode    TEXT UNIQUE,
        name       TEXT NOT NULL,
        price      TEXT NOT NULL,
        tax_rate   TEXT NOT NULL,
        favourite  INTEGER NOT NULL DEFAULT 0,
        archived   INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX products_name ON products (name COLLATE NOCASE);

    CREATE TABLE staff (
        id           INTEGER PRIMARY KEY,
        code         TEXT    NOT NULL UNIQUE,
        name         TEXT    NOT NULL,
        role         TEXT    NOT NULL CHECK (role IN ('cashier', 'manager')),
        pin_hash     TEXT    NOT NULL,
        active       INTEGER NOT NULL DEFAULT 1,
        failed_pins  INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER
    );

    -- Staff security facts (PIN lockouts), which belong to no order.
    CREATE TABLE security_log (
        id     INTEGER PRIMARY KEY,
        at     INTEGER NOT NULL,
        staff  INTEGER NOT NULL,
        kind   TEXT    NOT NULL,
        detail TEXT    NOT NULL
    );

    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // 2: command ids are looked up per order through (stream, version); only
    // the command that opens an order is found across orders. An append no
    // longer writes a page of an index over every command.
    r#"
    DROP INDEX events_command;
    CREATE INDEX events_opening_command ON events (command_lo) WHERE version = 1;
    "#,
    // 3: the catalog, the staff and the shop's settings become projections of
    // events on streams of their own (negative stream ids, named in
    // `streams`); PIN hashes and lockouts move to `staff_pins`, which no
    // event writes; audit entries of those streams belong to no order.
    r#"
    CREATE TABLE streams (
        id   INTEGER PRIMARY KEY, -- the events' stream is -id
        kind TEXT    NOT NULL,    -- 'shop', 'product' or 'staff'
        key  TEXT    NOT NULL,    -- the product's SKU, the staff member's id; '' for the shop
        UNIQUE (kind, key)
    );
    INSERT INTO streams (id, kind, key) VALUES (1, 'shop', '');
    CREATE TRIGGER streams_no_update BEFORE UPDATE ON streams
        BEGIN SELECT RAISE(ABORT, 'streams are append-only'); END;
    CREATE TRIGGER streams_no_delete BEFORE DELETE ON streams
        BEGIN SELECT RAISE(ABORT, 'streams are append-only'); END;

    CREATE TABLE staff_pins (
        staff        INTEGER PRIMARY KEY,
        pin_hash     TEXT    NOT NULL,
        failed_pins  INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER
    );
    INSERT INTO staff_pins (staff, pin_hash, failed_pins, locked_until)
        SELECT id, pin_hash, failed_pins, locked_until FROM staff;
    ALTER TABLE staff DROP COLUMN pin_hash;
    ALTER TABLE staff DROP COLUMN failed_pins;
    ALTER TABLE staff DROP COLUMN locked_until;

    CREATE TABLE audit_log_v3 (
        position       INTEGER PRIMARY KEY, -- the event's position
        order_id       INTEGER,             -- none for the catalog, the staff and the shop
        version        INTEGER,             -- the order's version; none outside orders
        kind           TEXT    NOT NULL,
        at             INTEGER NOT NULL,
        actor          INTEGER NOT NULL,
        authorised_by  INTEGER,
        reason         TEXT,
        amount         TEXT    NOT NULL,
        amount_minor   INTEGER NOT NULL,
        detail         TEXT    NOT NULL
    );
    INSERT INTO audit_log_v3 SELECT * FROM audit_log;
    DROP TABLE audit_log;
    ALTER TABLE audit_log_v3 RENAME TO audit_log;
    CREATE INDEX audit_log_at ON audit_log (at);

    DROP VIEW events_readable;
    CREATE VIEW events_readable AS
        SELECT position, stream, version,
               CASE kind WHEN 1 THEN 'OrderOpened' WHEN 2 THEN 'ItemAdded' WHEN 3 THEN 'QuantityChanged'
                         WHEN 4 THEN 'LineVoided' WHEN 5 THEN 'DiscountApplied' WHEN 6 THEN 'DiscountRemoved'
                         WHEN 7 THEN 'OrderConfirmed' WHEN 8 THEN 'OrderVoided'
                         WHEN 9 THEN 'ProductAdded' WHEN 10 THEN 'PriceChanged' WHEN 11 THEN 'ProductChanged'
                         WHEN 12 THEN 'ProductArchived' WHEN 13 THEN 'ProductRestored' WHEN 14 THEN 'StaffAdded'
                         WHEN 15 THEN 'RoleChanged' WHEN 16 THEN 'PinReset' WHEN 17 THEN 'StaffDeactivated'
                         WHEN 18 THEN 'StaffReactivated' WHEN 19 THEN 'SettingsChanged' WHEN 20 THEN 'PolicyChanged'
                         WHEN 21 THEN 'SignedIn' WHEN 22 THEN 'SignedOut' ELSE 'unknown ' || kind END AS kind,
               schema_version, payload, actor, authorised_by, terminal,
               printf('%016x%016x', command_hi, command_lo) AS command_id,
               (app_version / 1000000) || '.' || (app_version / 1000 % 1000) || '.' || (app_version % 1000) AS app_version,
               strftime('%Y-%m-%dT%H:%M:%fZ', recorded_at / 1000.0, 'unixepoch') AS recorded_at,
               hex(hash) AS hash
        FROM events;
    "#,
    // 4: the till this file belongs to, chosen at setup (files from before
    // setup existed have no row and keep the id they had, T1).
    r#"
    CREATE TABLE till_identity (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        till_id   TEXT    NOT NULL
    );
    "#,
    // 5: signing in and out joins the audit trail; the sign-ins already on
    // the chain are entered as the projection would have (kinds 21, 22;
    // events in milliseconds, the audit log in microseconds).
    r#"
    INSERT OR IGNORE INTO audit_log (position, order_id, version, kind, at, actor, authorised_by, reason, amount, amount_minor, detail)
        SELECT position, NULL, NULL, CASE kind WHEN 21 THEN 'signIn' ELSE 'signOut' END, recorded_at * 1000, actor,
               authorised_by, NULL, '0.00', 0,
               CASE kind WHEN 21 THEN 'Signed in at till ' ELSE 'Signed out at till ' END || terminal
        FROM events WHERE kind IN (21, 22) AND actor <> 0;
    "#,
    // 6: every receipt printed on the receipt printer, so a reprint is
    // marked COPY and the drawer opens on the first print only.
    r#"
    CREATE TABLE receipt_prints (
        id       INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL,
        at       INTEGER NOT NULL, -- microseconds since 1970-01-01 UTC
        actor    INTEGER NOT NULL,
        copy     INTEGER NOT NULL
    );
    CREATE INDEX receipt_prints_order ON receipt_prints (order_id);
    "#,
    // 7: each audit entry also says what happened as a message for a screen
    // in any language (JSON: `{ key, params }`). SQL cannot write it: rows
    // from before are left without one, found by the partial index, and
    // `projections::describe_old_entries` rebuilds the projections once.
    r#"
    ALTER TABLE audit_log ADD COLUMN description TEXT;
    CREATE INDEX audit_log_undescribed ON audit_log (position) WHERE description IS NULL;
    "#,
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &Connection) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        let tx = super::write_tx(conn)?;
        // Another till may have migrated while this one waited for the lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > i as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
