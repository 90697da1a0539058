-- The stored mail queue: every email is a row written in the same
-- transaction as the change that causes it, then delivered by a sender
-- that retries with backoff and records the outcome. Reminders may wait
-- ('held') for the person's daily digest.

CREATE TABLE mail_queue (
    id {{ID}},
    person_id BIGINT REFERENCES persons (id),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    -- A path of the site, written after the body as a full address.
    link TEXT NOT NULL DEFAULT '',
    attachment_name TEXT,
    attachment_type TEXT,
    attachment {{BLOB}},
    -- What a reminder is about, to group it in a digest; NULL otherwise.
    topic TEXT,
    -- The body holds a personal link: it is blanked once delivered.
    secret BIGINT NOT NULL DEFAULT 0 CHECK (secret IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('held', 'queued', 'sending', 'sent', 'failed', 'digested')),
    attempts BIGINT NOT NULL DEFAULT 0,
    -- When a queued row may be tried, or when a sending row's claim lapses.
    next_attempt_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    -- The digest that carried a held reminder.
    digest_id BIGINT REFERENCES mail_queue (id)
);
CREATE INDEX mail_queue_due_idx ON mail_queue (status, next_attempt_at);
CREATE INDEX mail_queue_person_idx ON mail_queue (person_id, status);
CREATE INDEX mail_queue_created_idx ON mail_queue (created_at);

-- How a person wants reminders: each at once, gathered in one daily
-- digest, or only those about themself (the rest stays in the inbox).
ALTER TABLE persons ADD COLUMN mail_choice TEXT NOT NULL DEFAULT 'digest'
    CHECK (mail_choice IN ('immediate', 'digest', 'essential'));
