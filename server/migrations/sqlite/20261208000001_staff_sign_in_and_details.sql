-- Single sign-on, a `staff` role below editor, and each service's
-- staff-only details.
--
-- SQLite cannot change a CHECK, so the two tables naming roles are made
-- again. Dropping `staff_users` deletes its accounts' sessions and
-- recovery codes (ON DELETE CASCADE: sqlx runs this in a transaction, where
-- foreign keys cannot be switched off), so they are kept aside and put back.
-- Everyone who signs in with their NHS account starts as `staff`. An
-- account made by single sign-on has no password: its hash is ''.
CREATE TEMP TABLE kept_users AS SELECT * FROM staff_users;
CREATE TEMP TABLE kept_sessions AS SELECT * FROM staff_sessions;
CREATE TEMP TABLE kept_codes AS SELECT * FROM staff_recovery_codes;
DROP TABLE staff_users;

CREATE TABLE staff_users (
    id INTEGER PRIMARY KEY,
    -- Lower case.
    email TEXT NOT NULL UNIQUE,
    -- Argon2id, PHC string format; '' for none.
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('staff', 'editor', 'admin')),
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    totp_secret TEXT,
    totp_last_step INTEGER NOT NULL DEFAULT 0
);
INSERT INTO staff_users
    (id, email, password_hash, role, disabled, created_at, totp_secret, totp_last_step)
    SELECT id, email, password_hash, role, disabled, created_at, totp_secret, totp_last_step
    FROM kept_users;
INSERT INTO staff_sessions SELECT * FROM kept_sessions;
INSERT INTO staff_recovery_codes SELECT * FROM kept_codes;
DROP TABLE kept_users;
DROP TABLE kept_sessions;
DROP TABLE kept_codes;

CREATE TABLE staff_invitations_rebuilt (
    -- SHA-256, hex, of the link's token.
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('staff', 'editor', 'admin')),
    invited_by TEXT NOT NULL,
    -- Unix seconds.
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
INSERT INTO staff_invitations_rebuilt
    SELECT token_hash, email, role, invited_by, expires_at, used_at FROM staff_invitations;
DROP TABLE staff_invitations;
ALTER TABLE staff_invitations_rebuilt RENAME TO staff_invitations;

-- What a service's staff see and the public never does. Versioned and
-- audited with its service (the same transaction, the same version).
CREATE TABLE service_staff_details (
    service_id INTEGER PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
    -- Extensions and direct lines, then bleeps: `label: number`, one per line.
    phones TEXT NOT NULL,
    bleeps TEXT NOT NULL,
    out_of_hours TEXT NOT NULL,
    internal_referral TEXT NOT NULL,
    -- An https address, or ''.
    referral_form TEXT NOT NULL,
    -- Ward, floor.
    whereabouts TEXT NOT NULL
);

-- Sign-ins with the NHS account under way: sent to the provider, not back
-- yet. Each is used once, by the browser that started it, within minutes.
CREATE TABLE staff_sso_starts (
    -- SHA-256, hex, of the `state` sent to the provider.
    state_hash TEXT PRIMARY KEY,
    -- SHA-256, hex, of the cookie the browser was given.
    browser_hash TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    nonce TEXT NOT NULL,
    -- Unix seconds.
    started_at INTEGER NOT NULL
);
