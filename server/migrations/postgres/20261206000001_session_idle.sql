-- When each session was last used (unix seconds), so that one left idle
-- ends; sessions from before have never been used and end at once.
ALTER TABLE staff_sessions ADD COLUMN last_seen BIGINT NOT NULL DEFAULT 0;
