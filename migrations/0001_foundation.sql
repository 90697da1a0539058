-- Foundation: people, organisations, memberships, sessions, tokens, audit.
-- Instants are RFC 3339 UTC text; see src/db.rs for the conventions.

CREATE TABLE persons (
    id {{ID}},
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT,
    language TEXT,
    platform_admin BIGINT NOT NULL DEFAULT 0 CHECK (platform_admin IN (0, 1)),
    active BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    CONSTRAINT persons_email_key UNIQUE (email)
);

CREATE TABLE organisations (
    id {{ID}},
    name TEXT NOT NULL,
    acronym TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('prison_administration', 'volunteer_organisation', 'other')),
    country TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT organisations_acronym_key UNIQUE (acronym)
);
CREATE INDEX organisations_name_idx ON organisations (name);
CREATE INDEX organisations_country_idx ON organisations (country);

-- A role inside one organisation, scoped to the organisation, a section or
-- a list of establishments (the section and establishment tables come with
-- the directory).
CREATE TABLE memberships (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES persons (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL CHECK (role IN ('volunteer', 'coordinator', 'org_admin', 'prison_staff', 'observer')),
    scope_kind TEXT NOT NULL DEFAULT 'organisation' CHECK (scope_kind IN ('organisation', 'section', 'establishments')),
    scope_section_id BIGINT,
    started_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX memberships_person_idx ON memberships (person_id);
CREATE INDEX memberships_organisation_idx ON memberships (organisation_id, role);

CREATE TABLE sessions (
    id {{ID}},
    token_hash TEXT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES persons (id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    CONSTRAINT sessions_token_key UNIQUE (token_hash)
);
CREATE INDEX sessions_person_idx ON sessions (person_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE api_tokens (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES persons (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT,
    CONSTRAINT api_tokens_token_key UNIQUE (token_hash)
);
CREATE INDEX api_tokens_person_idx ON api_tokens (person_id);

CREATE TABLE password_resets (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES persons (id),
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    CONSTRAINT password_resets_token_key UNIQUE (token_hash)
);

-- Failed logins, counted per email and per client address to throttle guessing.
CREATE TABLE login_failures (
    id {{ID}},
    email TEXT NOT NULL,
    client TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_email_idx ON login_failures (email, at);
CREATE INDEX login_failures_client_idx ON login_failures (client, at);

-- Append-only: triggers in the per-backend files refuse UPDATE and DELETE.
CREATE TABLE audit_log (
    id {{ID}},
    at TEXT NOT NULL,
    person_id BIGINT REFERENCES persons (id),
    organisation_id BIGINT REFERENCES organisations (id),
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    summary TEXT NOT NULL,
    request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_organisation_idx ON audit_log (organisation_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_person_idx ON audit_log (person_id, at);

-- Scheduled jobs claim a period by inserting here; the unique key makes a
-- job run once per period even with several server instances.
CREATE TABLE job_runs (
    id {{ID}},
    job TEXT NOT NULL,
    period TEXT NOT NULL,
    started_at TEXT NOT NULL,
    CONSTRAINT job_runs_job_period_key UNIQUE (job, period)
);
