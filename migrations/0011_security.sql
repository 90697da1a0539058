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
