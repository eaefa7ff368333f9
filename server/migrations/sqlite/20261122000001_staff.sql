-- Staff accounts, their sessions, and the audit log of directory changes.

CREATE TABLE staff_users (
    id INTEGER PRIMARY KEY,
    -- Lower case.
    email TEXT NOT NULL UNIQUE,
    -- Argon2id, PHC string format.
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE staff_sessions (
    -- SHA-256 of the cookie's token, hex: the token itself is never stored.
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    -- Unix seconds.
    expires_at INTEGER NOT NULL
);

CREATE INDEX staff_sessions_by_user ON staff_sessions (user_id);

CREATE TABLE service_audit (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES services (id),
    -- The version the change produced.
    version INTEGER NOT NULL,
    -- Kept as text so the log outlives the account.
    staff_email TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    -- created, edited, archived or restored
    action TEXT NOT NULL,
    -- JSON: [{"field": ..., "before": ..., "after": ...}]
    changes TEXT NOT NULL
);

CREATE INDEX service_audit_by_service ON service_audit (service_id, version);
