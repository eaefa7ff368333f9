-- Who owns each service's entry: the members of staff who keep it right.
CREATE TABLE service_owners (
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    PRIMARY KEY (service_id, user_id)
);

CREATE INDEX service_owners_by_user ON service_owners (user_id);
