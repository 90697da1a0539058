-- Networks of organisations and meetings: national, regional, of an
-- establishment or with the administration, with invitations (chosen or
-- by an automatic rule, which is kept), answers, attendance and minutes.

-- A group of organisations (a national consultation group...). The
-- administrators of the coordinating organisation accept new members.
CREATE TABLE networks (
    id {{ID}},
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    coordinator_id BIGINT NOT NULL REFERENCES organisations (id),
    created_by BIGINT REFERENCES persons (id),
    created_at TEXT NOT NULL,
    CONSTRAINT networks_name_key UNIQUE (name)
);
CREATE INDEX networks_coordinator_idx ON networks (coordinator_id);

CREATE TABLE network_members (
    network_id BIGINT NOT NULL REFERENCES networks (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    state TEXT NOT NULL CHECK (state IN ('requested', 'member', 'refused')),
    requested_by BIGINT REFERENCES persons (id),
    requested_at TEXT NOT NULL,
    decided_by BIGINT REFERENCES persons (id),
    decided_at TEXT,
    PRIMARY KEY (network_id, organisation_id)
);
CREATE INDEX network_members_organisation_idx ON network_members (organisation_id, state);

CREATE TABLE meetings (
    id {{ID}},
    kind TEXT NOT NULL CHECK (kind IN ('national', 'regional', 'establishment', 'administration')),
    title TEXT NOT NULL,
    -- The organising organisation, and the network when it is a network's meeting.
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    network_id BIGINT REFERENCES networks (id),
    region_id BIGINT REFERENCES regions (id),
    establishment_id BIGINT REFERENCES establishments (id),
    -- The start in universal time, and as typed: local day, time and zone.
    starts_at TEXT NOT NULL,
    local_date TEXT NOT NULL,
    local_time TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    duration_minutes BIGINT NOT NULL CHECK (duration_minutes > 0),
    place TEXT NOT NULL DEFAULT '',
    online_link TEXT NOT NULL DEFAULT '',
    agenda TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    minutes_at TEXT,
    cancelled_at TEXT,
    -- Bumped at every change sent to calendars (iCalendar SEQUENCE).
    sequence BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES persons (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meetings_organisation_idx ON meetings (organisation_id, starts_at);
CREATE INDEX meetings_network_idx ON meetings (network_id, starts_at);
CREATE INDEX meetings_starts_idx ON meetings (starts_at);
CREATE INDEX meetings_local_date_idx ON meetings (local_date);
CREATE INDEX meetings_region_idx ON meetings (region_id);
CREATE INDEX meetings_establishment_idx ON meetings (establishment_id);
CREATE INDEX meetings_created_by_idx ON meetings (created_by);

-- One invited person: by which rule (chosen, a group, an automatic rule)
-- and what the rule named; their answer (from the page or the emailed
-- link, whose secret is kept hashed) and attendance.
CREATE TABLE meeting_invitations (
    id {{ID}},
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    person_id BIGINT NOT NULL REFERENCES persons (id),
    rule TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    agreement_id BIGINT REFERENCES agreements (id),
    token_hash TEXT NOT NULL,
    answer TEXT CHECK (answer IN ('yes', 'no', 'maybe')),
    answered_at TEXT,
    attended BIGINT CHECK (attended IN (0, 1)),
    reminded_at TEXT,
    invited_by BIGINT REFERENCES persons (id),
    invited_at TEXT NOT NULL,
    CONSTRAINT meeting_invitations_key UNIQUE (meeting_id, person_id),
    CONSTRAINT meeting_invitations_token_key UNIQUE (token_hash)
);
CREATE INDEX meeting_invitations_person_idx ON meeting_invitations (person_id);
CREATE INDEX meeting_invitations_agreement_idx ON meeting_invitations (agreement_id);

CREATE TABLE meeting_documents (
    id {{ID}},
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content {{BLOB}} NOT NULL,
    size BIGINT NOT NULL,
    uploaded_by BIGINT REFERENCES persons (id),
    uploaded_at TEXT NOT NULL
);
CREATE INDEX meeting_documents_meeting_idx ON meeting_documents (meeting_id);

-- A decision taken, optionally noted in an agreement's follow-up.
CREATE TABLE meeting_decisions (
    id {{ID}},
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    text TEXT NOT NULL,
    follow_up_id BIGINT REFERENCES agreement_follow_ups (id),
    created_by BIGINT REFERENCES persons (id),
    created_at TEXT NOT NULL
);
CREATE INDEX meeting_decisions_meeting_idx ON meeting_decisions (meeting_id);
CREATE INDEX meeting_decisions_follow_up_idx ON meeting_decisions (follow_up_id);
