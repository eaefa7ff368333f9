-- The services directory: services, where they are, and a full-text index.

CREATE TABLE services (
    id INTEGER PRIMARY KEY,
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
    archived INTEGER NOT NULL DEFAULT 0,
    -- Goes up by one with every change, so that edits can detect each other.
    version INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX services_by_name ON services (name COLLATE NOCASE);
CREATE INDEX services_by_centre ON services (centre_slug);

CREATE TABLE service_sites (
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    site_slug TEXT NOT NULL,
    location TEXT NOT NULL,
    PRIMARY KEY (service_id, site_slug)
);

-- Name, conditions and description, searchable by word prefix.
CREATE VIRTUAL TABLE services_fts USING fts5 (
    name, conditions, description,
    content = 'services', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

CREATE TRIGGER services_fts_insert AFTER INSERT ON services BEGIN
    INSERT INTO services_fts (rowid, name, conditions, description)
    VALUES (new.id, new.name, new.conditions, new.description);
END;

CREATE TRIGGER services_fts_delete AFTER DELETE ON services BEGIN
    INSERT INTO services_fts (services_fts, rowid, name, conditions, description)
    VALUES ('delete', old.id, old.name, old.conditions, old.description);
END;

CREATE TRIGGER services_fts_update AFTER UPDATE OF name, conditions, description ON services BEGIN
    INSERT INTO services_fts (services_fts, rowid, name, conditions, description)
    VALUES ('delete', old.id, old.name, old.conditions, old.description);
    INSERT INTO services_fts (rowid, name, conditions, description)
    VALUES (new.id, new.name, new.conditions, new.description);
END;

-- Every indexed word with the number of services using it (typo correction).
CREATE VIRTUAL TABLE services_words USING fts5vocab (services_fts, 'row');
