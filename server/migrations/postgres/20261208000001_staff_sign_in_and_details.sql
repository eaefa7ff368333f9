-- Single sign-on, a `staff` role below editor, and each service's
-- staff-only details.

-- Everyone who signs in with their NHS account starts as `staff`. An
-- account made by single sign-on has no password: its hash is ''.
ALTER TABLE staff_users DROP CONSTRAINT staff_users_role_check;
ALTER TABLE staff_users ADD CONSTRAINT staff_users_role_check
    CHECK (role IN ('staff', 'editor', 'admin'));
ALTER TABLE staff_invitations DROP CONSTRAINT staff_invitations_role_check;
ALTER TABLE staff_invitations ADD CONSTRAINT staff_invitations_role_check
    CHECK (role IN ('staff', 'editor', 'admin'));

-- What a service's staff see and the public never does. Versioned and
-- audited with its service (the same transaction, the same version).
CREATE TABLE service_staff_details (
    service_id BIGINT PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
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
    started_at BIGINT NOT NULL
);
