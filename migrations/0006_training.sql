-- Training: a curriculum of programmes and modules, sessions one
-- organisation opens to others with seats per organisation, enrolments with
-- a waiting list, attendance per day, completions with their certificates,
-- the qualifications completions grant, and training needs.

-- A programme (e.g. "Prison volunteer coordinator"), kept by one organisation.
CREATE TABLE training_programmes (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX training_programmes_organisation_idx ON training_programmes (organisation_id);

-- The versions of a programme: a new version copies the modules of the
-- previous one; sessions and certificates keep pointing at the modules of
-- the version they were given with. `guide` is the training guide.
CREATE TABLE training_versions (
    id {{ID}},
    programme_id BIGINT NOT NULL REFERENCES training_programmes (id),
    number BIGINT NOT NULL,
    guide TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (programme_id, number)
);

-- A module: what is learnt, in how many hours, how it is completed
-- (minimum share of days attended, optional assessment) and the
-- qualification it grants (empty: none) for how long (NULL: no expiry).
CREATE TABLE training_modules (
    id {{ID}},
    version_id BIGINT NOT NULL REFERENCES training_versions (id),
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    outcomes TEXT NOT NULL DEFAULT '',
    hours BIGINT NOT NULL CHECK (hours > 0),
    language TEXT NOT NULL,
    prerequisites TEXT NOT NULL DEFAULT '',
    min_attendance BIGINT NOT NULL DEFAULT 100 CHECK (min_attendance BETWEEN 0 AND 100),
    assessment BIGINT NOT NULL DEFAULT 0,
    qualification TEXT NOT NULL DEFAULT '',
    validity_months BIGINT CHECK (validity_months IS NULL OR validity_months > 0)
);
CREATE INDEX training_modules_version_idx ON training_modules (version_id, position);

-- Files that go with a module, stored in the database (served as downloads only).
CREATE TABLE training_materials (
    id {{ID}},
    module_id BIGINT NOT NULL REFERENCES training_modules (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content {{BLOB}} NOT NULL,
    uploaded_by BIGINT REFERENCES persons (id),
    uploaded_at TEXT NOT NULL
);
CREATE INDEX training_materials_module_idx ON training_materials (module_id);
CREATE INDEX training_materials_uploaded_by_idx ON training_materials (uploaded_by);

-- A session: days `first_day`..`last_day`, each from `starts` to `ends`
-- (HH:MM) in `time_zone`; the cost in cents and how it is shared.
CREATE TABLE training_sessions (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    starts TEXT NOT NULL,
    ends TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    online_link TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL,
    capacity BIGINT NOT NULL CHECK (capacity > 0),
    registration_deadline TEXT NOT NULL,
    cost_cents BIGINT NOT NULL DEFAULT 0 CHECK (cost_cents >= 0),
    cost_sharing TEXT NOT NULL CHECK (cost_sharing IN ('per_seat', 'equal', 'custom')),
    cancelled_at TEXT,
    created_by BIGINT REFERENCES persons (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX training_sessions_organisation_idx ON training_sessions (organisation_id, first_day);
CREATE INDEX training_sessions_first_day_idx ON training_sessions (first_day);
CREATE INDEX training_sessions_created_by_idx ON training_sessions (created_by);

CREATE TABLE training_session_modules (
    session_id BIGINT NOT NULL REFERENCES training_sessions (id),
    module_id BIGINT NOT NULL REFERENCES training_modules (id),
    PRIMARY KEY (session_id, module_id)
);
CREATE INDEX training_session_modules_module_idx ON training_session_modules (module_id);

-- The seats of each organisation in a session, the organiser's included
-- (the capacity less the partners' seats); `share_percent` for a custom
-- split of the cost.
CREATE TABLE training_seats (
    session_id BIGINT NOT NULL REFERENCES training_sessions (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    seats BIGINT NOT NULL CHECK (seats >= 0),
    share_percent BIGINT CHECK (share_percent IS NULL OR share_percent BETWEEN 0 AND 100),
    PRIMARY KEY (session_id, organisation_id)
);
CREATE INDEX training_seats_organisation_idx ON training_seats (organisation_id);

-- One person in one session, on their organisation's seats. `queued_at`
-- orders the waiting list; `approved_at` is the approval of the person's
-- own coordinator.
CREATE TABLE training_enrolments (
    id {{ID}},
    session_id BIGINT NOT NULL REFERENCES training_sessions (id),
    person_id BIGINT NOT NULL REFERENCES persons (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    state TEXT NOT NULL CHECK (state IN ('enrolled', 'waiting', 'cancelled', 'refused')),
    queued_at TEXT NOT NULL,
    requested_by BIGINT REFERENCES persons (id),
    approved_at TEXT,
    approved_by BIGINT REFERENCES persons (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (session_id, person_id)
);
CREATE INDEX training_enrolments_session_idx ON training_enrolments (session_id, organisation_id, state, queued_at);
CREATE INDEX training_enrolments_person_idx ON training_enrolments (person_id);
CREATE INDEX training_enrolments_organisation_idx ON training_enrolments (organisation_id);
CREATE INDEX training_enrolments_requested_by_idx ON training_enrolments (requested_by);
CREATE INDEX training_enrolments_approved_by_idx ON training_enrolments (approved_by);

CREATE TABLE training_attendance (
    enrolment_id BIGINT NOT NULL REFERENCES training_enrolments (id),
    day TEXT NOT NULL,
    present BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES persons (id),
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (enrolment_id, day)
);
CREATE INDEX training_attendance_recorded_by_idx ON training_attendance (recorded_by);

-- A module completed by an enrolled person, with its certificate's code.
CREATE TABLE training_completions (
    id {{ID}},
    enrolment_id BIGINT NOT NULL REFERENCES training_enrolments (id),
    module_id BIGINT NOT NULL REFERENCES training_modules (id),
    person_id BIGINT NOT NULL REFERENCES persons (id),
    completed_on TEXT NOT NULL,
    assessment_passed BIGINT NOT NULL DEFAULT 0,
    recorded_by BIGINT REFERENCES persons (id),
    recorded_at TEXT NOT NULL,
    certificate_code TEXT NOT NULL UNIQUE,
    revoked_at TEXT,
    revoked_by BIGINT REFERENCES persons (id),
    revoke_reason TEXT NOT NULL DEFAULT '',
    UNIQUE (enrolment_id, module_id)
);
CREATE INDEX training_completions_person_idx ON training_completions (person_id);
CREATE INDEX training_completions_module_idx ON training_completions (module_id);
CREATE INDEX training_completions_recorded_by_idx ON training_completions (recorded_by);
CREATE INDEX training_completions_revoked_by_idx ON training_completions (revoked_by);

-- What a completion grants, until `expires_on` (NULL: no expiry).
CREATE TABLE qualifications (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES persons (id),
    name TEXT NOT NULL,
    granted_on TEXT NOT NULL,
    expires_on TEXT,
    completion_id BIGINT NOT NULL UNIQUE REFERENCES training_completions (id),
    reminded_at TEXT
);
CREATE INDEX qualifications_person_idx ON qualifications (person_id, name);
CREATE INDEX qualifications_expires_idx ON qualifications (expires_on);

-- An organisation requires a qualification of its members with a mission.
CREATE TABLE qualification_requirements (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    mission TEXT NOT NULL,
    qualification TEXT NOT NULL,
    PRIMARY KEY (organisation_id, mission, qualification)
);

-- Needs a coordinator submits for their volunteers, aggregated to plan sessions.
CREATE TABLE training_needs (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    module_id BIGINT REFERENCES training_modules (id),
    topic TEXT NOT NULL,
    volunteers BIGINT NOT NULL CHECK (volunteers > 0),
    region_id BIGINT REFERENCES regions (id),
    note TEXT NOT NULL DEFAULT '',
    submitted_by BIGINT REFERENCES persons (id),
    created_at TEXT NOT NULL
);
CREATE INDEX training_needs_organisation_idx ON training_needs (organisation_id);
CREATE INDEX training_needs_module_idx ON training_needs (module_id);
CREATE INDEX training_needs_region_idx ON training_needs (region_id);
CREATE INDEX training_needs_submitted_by_idx ON training_needs (submitted_by);

-- The secret of a person's calendar links (calendar programs cannot log in).
CREATE TABLE calendar_feeds (
    person_id BIGINT PRIMARY KEY REFERENCES persons (id),
    token TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
