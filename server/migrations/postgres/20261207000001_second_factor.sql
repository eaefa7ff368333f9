-- A second factor for every account, invitations to make one, what each
-- session has proved, and the audit of account events.

-- The authenticator app's secret (base32), once set up; the last time
-- step a code was accepted for (no code is accepted twice).
ALTER TABLE staff_users ADD COLUMN totp_secret TEXT;
ALTER TABLE staff_users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- Sessions from before proved a password only: everyone signs in again.
DELETE FROM staff_sessions;
-- 'code' (password right, a code next), 'enrol' (password right, setting
-- up the app next) or 'full'.
ALTER TABLE staff_sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';
-- At the 'enrol' stage: the secret this session was offered, until a
-- code from it confirms it (each session is offered its own).
ALTER TABLE staff_sessions ADD COLUMN offered_secret TEXT;
-- Unix seconds: when the password or a code was last given.
ALTER TABLE staff_sessions ADD COLUMN confirmed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE staff_sessions ADD COLUMN started_at BIGINT NOT NULL DEFAULT 0;
-- A random id the owner's sessions list names it by.
ALTER TABLE staff_sessions ADD COLUMN handle TEXT NOT NULL DEFAULT '';
-- The browser's User-Agent, shortened.
ALTER TABLE staff_sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';

CREATE TABLE staff_recovery_codes (
    user_id BIGINT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    -- SHA-256, hex, of the code without its hyphen.
    code_hash TEXT NOT NULL,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE staff_invitations (
    -- SHA-256, hex, of the link's token.
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
    invited_by TEXT NOT NULL,
    -- Unix seconds.
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE staff_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Unix seconds.
    at BIGINT NOT NULL,
    event TEXT NOT NULL,
    -- Emails, kept as text so the audit outlives the account.
    account TEXT,
    actor TEXT,
    address TEXT,
    detail TEXT NOT NULL DEFAULT ''
);

CREATE INDEX staff_events_by_at ON staff_events (at);
