-- Sign-in attempts counted per client address and per account, in the
-- database so that every server counts the same attempts.

CREATE TABLE sign_in_attempts (
    -- "address:..." or "account:...".
    subject TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    -- Unix seconds: when the window being counted began.
    since INTEGER NOT NULL
);

CREATE INDEX sign_in_attempts_by_since ON sign_in_attempts (since);
