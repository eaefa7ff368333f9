-- How many months after its last review each service's entry is due for
-- another (NHS pattern: 6 unless the service says otherwise).
ALTER TABLE services ADD COLUMN review_months INTEGER NOT NULL DEFAULT 6
    CHECK (review_months BETWEEN 1 AND 24);
