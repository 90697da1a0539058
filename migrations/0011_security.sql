-- Security: a server key shared by every instance (it signs CSRF tokens and
-- device cookies), failed logins counted per known device, the client of
-- each reset request (to limit them), and calendar feed secrets stored as
-- hashes like every other secret.

CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- The device cookie's id when the failure came from a browser that had
-- logged in to that account before; NULL for any other client.
ALTER TABLE login_failures ADD COLUMN device TEXT;
CREATE INDEX login_failures_device_idx ON login_failures (email, device, at);

ALTER TABLE password_resets ADD COLUMN client TEXT NOT NULL DEFAULT '';
CREATE INDEX password_resets_client_idx ON password_resets (client, created_at);

-- Plain feed secrets cannot be hashed in SQL on both databases: the links
-- made before this version stop working and are made again from the page.
DELETE FROM calendar_feeds;
ALTER TABLE calendar_feeds RENAME COLUMN token TO token_hash;

-- An invitation to join an organisation: someone who already has an
-- account accepts or declines it before the membership exists; a new
-- person accepts it by choosing their password through the emailed link.
CREATE TABLE membership_offers (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES persons (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL,
    scope_kind TEXT NOT NULL,
    scope_section_id BIGINT REFERENCES sections (id),
    mission TEXT NOT NULL,
    invited_by BIGINT REFERENCES persons (id),
    invited_at TEXT NOT NULL,
    answer TEXT CHECK (answer IN ('accepted', 'declined')),
    answered_at TEXT
);
CREATE INDEX membership_offers_person_idx ON membership_offers (person_id, answer);
CREATE INDEX membership_offers_organisation_idx ON membership_offers (organisation_id, answer);
CREATE INDEX membership_offers_invited_by_idx ON membership_offers (invited_by);

-- The invitation (membership_offers.id) that choosing the password through
-- this link accepts; 0 for a plain reset link.
ALTER TABLE password_resets ADD COLUMN joins BIGINT NOT NULL DEFAULT 0;
