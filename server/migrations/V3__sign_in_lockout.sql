-- A manager's failed sign-ins in a row, and until when sign-ins are
-- refused after too many (pos-server's limits: SIGN_IN_FAILURES_MAX,
-- SIGN_IN_LOCKOUT). A right passphrase, or a new one, starts again.
ALTER TABLE managers
    ADD COLUMN failed_sign_ins INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN locked_until    TIMESTAMPTZ;
