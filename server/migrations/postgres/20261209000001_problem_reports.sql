-- Problems visitors and staff report with a service's entry: a queue for
-- its owners and the admins, never shown publicly. Each report and its
-- closing are also in the service's audit log.
CREATE TABLE service_reports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    what_is_wrong TEXT NOT NULL,
    -- How to reach whoever reported it, if they chose to say.
    contact TEXT NOT NULL DEFAULT '',
    -- The member of staff who reported it; '' for a visitor.
    reported_by TEXT NOT NULL DEFAULT '',
    -- Unix seconds.
    reported_at BIGINT NOT NULL,
    closed_at BIGINT,
    closed_by TEXT,
    closing_note TEXT NOT NULL DEFAULT ''
);

CREATE INDEX service_reports_open ON service_reports (closed_at, service_id);
