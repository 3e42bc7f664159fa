-- Managers' sign-in, and the shop-wide audit trail.

-- A manager of a shop; only an Argon2 hash of the passphrase is kept (its
-- PHC string: algorithm, parameters, salt and hash).
CREATE TABLE managers (
    shop            TEXT        NOT NULL REFERENCES shops (shop),
    name            TEXT        NOT NULL,
    passphrase_hash TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (shop, name)
);

-- A manager's sign-in; only the SHA-256 of its random token is kept.
CREATE TABLE manager_sessions (
    token_hash BYTEA       PRIMARY KEY,
    shop       TEXT        NOT NULL,
    name       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (shop, name) REFERENCES managers (shop, name)
);

-- The audit trail's kind of an event (pos-core's `AuditKind`, e.g.
-- `discount`), set when the push stores it; NULL for an event the trail
-- does not list (and for events stored before this migration).
ALTER TABLE events ADD COLUMN audit_kind TEXT;

-- The audit trail's first page, newest first, without reading the rest.
CREATE INDEX events_audit ON events (shop, shop_position DESC) WHERE audit_kind IS NOT NULL;

-- An order's events on its till, to tell what an audited change did to it.
CREATE INDEX events_order ON events (shop, till, stream, till_seq) WHERE stream > 0;
