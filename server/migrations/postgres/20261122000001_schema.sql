-- The whole schema on PostgreSQL: what the SQLite migrations build, in
-- PostgreSQL's types. Times are kept as the SQLite ones are (text in
-- ISO 8601, UTC; unix seconds), so both give the site the same values.

CREATE TABLE services (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    group_slug TEXT NOT NULL,
    description TEXT NOT NULL,
    -- Conditions and lay terms, one per line.
    conditions TEXT NOT NULL,
    age_group TEXT NOT NULL CHECK (age_group IN ('adults', 'children', 'all-ages')),
    phone TEXT NOT NULL,
    email TEXT,
    opening_hours TEXT NOT NULL,
    referral TEXT NOT NULL,
    centre_slug TEXT,
    -- YYYY-MM-DD
    last_reviewed TEXT NOT NULL,
    archived BOOLEAN NOT NULL DEFAULT FALSE,
    -- Goes up by one with every change, so that edits can detect each other.
    version BIGINT NOT NULL DEFAULT 1
);

CREATE INDEX services_by_name ON services (lower(name));
CREATE INDEX services_by_centre ON services (centre_slug);

CREATE TABLE service_sites (
    service_id BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    site_slug TEXT NOT NULL,
    location TEXT NOT NULL,
    PRIMARY KEY (service_id, site_slug)
);

CREATE TABLE staff_users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Lower case.
    email TEXT NOT NULL UNIQUE,
    -- Argon2id, PHC string format.
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL
        DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
);

CREATE TABLE staff_sessions (
    -- SHA-256 of the cookie's token, hex: the token itself is never stored.
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    -- Unix seconds.
    expires_at BIGINT NOT NULL
);

CREATE INDEX staff_sessions_by_user ON staff_sessions (user_id);

CREATE TABLE service_audit (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id BIGINT NOT NULL REFERENCES services (id),
    -- The version the change produced.
    version BIGINT NOT NULL,
    -- Kept as text so the log outlives the account.
    staff_email TEXT NOT NULL,
    at TEXT NOT NULL
        DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    -- created, edited, archived or restored
    action TEXT NOT NULL,
    -- JSON: [{"field": ..., "before": ..., "after": ...}]
    changes TEXT NOT NULL
);

CREATE INDEX service_audit_by_service ON service_audit (service_id, version);

CREATE TABLE sign_in_attempts (
    -- "address:..." or "account:...".
    subject TEXT PRIMARY KEY,
    attempts BIGINT NOT NULL,
    -- Unix seconds: when the window being counted began.
    since BIGINT NOT NULL
);

CREATE INDEX sign_in_attempts_by_since ON sign_in_attempts (since);
