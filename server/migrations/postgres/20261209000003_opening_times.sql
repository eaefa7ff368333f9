-- Each service's opening times as data (JSON: weekly sessions, dated
-- changes, the bank holiday rule); '' for a row from before, whose times
-- are read from its opening hours note.
ALTER TABLE services ADD COLUMN opening_times TEXT NOT NULL DEFAULT '';
