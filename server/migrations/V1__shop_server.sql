-- The shop server's tables. Never edit a released migration: add V2__…

-- A shop and the shop-wide position it gave out last. Every push that
-- stores events takes its positions from this row inside its own
-- transaction (UPDATE … RETURNING), so the row lock serialises pushers of
-- a shop: positions are handed out in commit order and a rolled-back push
-- leaves no gap (see server/src/push.rs).
CREATE TABLE shops (
    shop          TEXT        PRIMARY KEY,
    last_position BIGINT      NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- An enrolled till; only the SHA-256 of its bearer token is kept.
CREATE TABLE tills (
    shop        TEXT        NOT NULL REFERENCES shops (shop),
    till        TEXT        NOT NULL,
    token_hash  BYTEA       NOT NULL UNIQUE,
    enrolled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (shop, till)
);

-- One-time enrolment codes (made by `pos-server enrol-code`), hashed.
CREATE TABLE enrol_codes (
    code_hash  BYTEA       PRIMARY KEY,
    shop       TEXT        NOT NULL REFERENCES shops (shop),
    till       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

-- Every till's events, exactly as the till stored them (the columns its
-- chain hash covers), plus where the till's chain and the shop put them.
CREATE TABLE events (
    shop           TEXT        NOT NULL,
    till           TEXT        NOT NULL,
    till_seq       BIGINT      NOT NULL, -- the event's position in the till's own chain
    shop_position  BIGINT      NOT NULL, -- given by the server: 1, 2, 3… per shop, in commit order
    prev_hash      BYTEA       NOT NULL,
    hash           BYTEA       NOT NULL,
    stream         BIGINT      NOT NULL,
    version        BIGINT      NOT NULL,
    kind           BIGINT      NOT NULL,
    schema_version BIGINT      NOT NULL,
    payload        TEXT        NOT NULL, -- the JSON text unchanged (its bytes are hashed)
    actor          BIGINT      NOT NULL,
    authorised_by  BIGINT,
    terminal       TEXT        NOT NULL,
    command_id     UUID        NOT NULL,
    app_version    BIGINT      NOT NULL,
    recorded_at    TIMESTAMPTZ NOT NULL, -- the till's business time, to the millisecond
    received_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (shop, till, till_seq),
    UNIQUE (shop, shop_position),
    FOREIGN KEY (shop, till) REFERENCES tills (shop, till)
);

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only';
END;
$$;
CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();

-- Batches refused because they did not link to what the server holds for
-- that till (a forked or rewritten chain). Nothing of them was merged.
CREATE TABLE quarantine (
    id            BIGSERIAL   PRIMARY KEY,
    shop          TEXT        NOT NULL,
    till          TEXT        NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    reason        TEXT        NOT NULL,
    first_seq     BIGINT      NOT NULL,
    last_seq      BIGINT      NOT NULL,
    at_seq        BIGINT      NOT NULL, -- where the batch stopped linking
    expected_hash BYTEA       NOT NULL, -- what the server holds there
    received_hash BYTEA       NOT NULL, -- what the batch said
    events        TEXT        NOT NULL  -- the batch as received (JSON)
);
CREATE INDEX quarantine_shop ON quarantine (shop, id);
