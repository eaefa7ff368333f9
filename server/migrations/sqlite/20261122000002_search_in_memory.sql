-- Searches are matched in memory over the listed services (each server's
-- catalogue), so the full-text index and its triggers go.

DROP TRIGGER services_fts_insert;
DROP TRIGGER services_fts_delete;
DROP TRIGGER services_fts_update;
DROP TABLE services_words;
DROP TABLE services_fts;
