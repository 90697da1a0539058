-- Directory and authorisations: countries, regions, establishments with their
-- population history, sections, and the authorisation (agrément) lifecycle.
-- Calendar dates are 'YYYY-MM-DD' text; see src/db.rs.

CREATE TABLE countries (
    code TEXT PRIMARY KEY,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    -- How long a granted authorisation lasts unless the decision says otherwise.
    authorisation_months BIGINT NOT NULL DEFAULT 24
);

-- Regions of the prison administration (in France the DISP).
CREATE TABLE regions (
    id {{ID}},
    country TEXT NOT NULL REFERENCES countries (code),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    CONSTRAINT regions_country_code_key UNIQUE (country, code)
);

CREATE TABLE establishment_kinds (
    id {{ID}},
    country TEXT NOT NULL REFERENCES countries (code),
    code TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    CONSTRAINT establishment_kinds_country_code_key UNIQUE (country, code)
);

CREATE TABLE establishments (
    id {{ID}},
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    country TEXT NOT NULL REFERENCES countries (code),
    kind_id BIGINT NOT NULL REFERENCES establishment_kinds (id),
    region_id BIGINT NOT NULL REFERENCES regions (id),
    city TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    capacity BIGINT NOT NULL CHECK (capacity >= 0),
    -- The latest count, copied from establishment_populations for one-query lists.
    population BIGINT,
    population_on TEXT,
    open BIGINT NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT establishments_code_key UNIQUE (code)
);
CREATE INDEX establishments_country_idx ON establishments (country, region_id);
CREATE INDEX establishments_region_idx ON establishments (region_id);
CREATE INDEX establishments_kind_idx ON establishments (kind_id);
CREATE INDEX establishments_name_idx ON establishments (name);

-- Every count of detainees, kept: a new count never overwrites an old one.
CREATE TABLE establishment_populations (
    id {{ID}},
    establishment_id BIGINT NOT NULL REFERENCES establishments (id),
    counted_on TEXT NOT NULL,
    detainees BIGINT NOT NULL CHECK (detainees >= 0),
    recorded_at TEXT NOT NULL,
    CONSTRAINT establishment_populations_key UNIQUE (establishment_id, counted_on)
);

-- Local units of an organisation, each covering some establishments.
CREATE TABLE sections (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    CONSTRAINT sections_organisation_name_key UNIQUE (organisation_id, name)
);

CREATE TABLE section_establishments (
    section_id BIGINT NOT NULL REFERENCES sections (id),
    establishment_id BIGINT NOT NULL REFERENCES establishments (id),
    PRIMARY KEY (section_id, establishment_id)
);
CREATE INDEX section_establishments_establishment_idx ON section_establishments (establishment_id);

-- The establishments of a membership scoped to a list of establishments.
CREATE TABLE membership_establishments (
    membership_id BIGINT NOT NULL REFERENCES memberships (id),
    establishment_id BIGINT NOT NULL REFERENCES establishments (id),
    PRIMARY KEY (membership_id, establishment_id)
);

-- What a person adds about themselves.
ALTER TABLE persons ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN availability TEXT NOT NULL DEFAULT '';

-- The steps of an application, per country, in order.
CREATE TABLE authorisation_step_kinds (
    id {{ID}},
    country TEXT NOT NULL REFERENCES countries (code),
    position BIGINT NOT NULL,
    code TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    CONSTRAINT authorisation_step_kinds_country_code_key UNIQUE (country, code)
);

-- An application for an authorisation to enter establishments, and its
-- decision. The status is never stored: it is computed from these dates.
CREATE TABLE authorisations (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES persons (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    country TEXT NOT NULL REFERENCES countries (code),
    -- The authorisation this one renews.
    renews_id BIGINT REFERENCES authorisations (id),
    filed_on TEXT NOT NULL,
    decision TEXT CHECK (decision IN ('granted', 'refused')),
    decided_on TEXT,
    refusal_reason TEXT NOT NULL DEFAULT '',
    starts_on TEXT,
    expires_on TEXT,
    probation_ends_on TEXT,
    suspended_on TEXT,
    suspension_reason TEXT NOT NULL DEFAULT '',
    withdrawn_on TEXT,
    withdrawal_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX authorisations_person_idx ON authorisations (person_id);
CREATE INDEX authorisations_organisation_idx ON authorisations (organisation_id, expires_on);
CREATE INDEX authorisations_expires_idx ON authorisations (expires_on);

CREATE TABLE authorisation_establishments (
    authorisation_id BIGINT NOT NULL REFERENCES authorisations (id),
    establishment_id BIGINT NOT NULL REFERENCES establishments (id),
    PRIMARY KEY (authorisation_id, establishment_id)
);
CREATE INDEX authorisation_establishments_establishment_idx ON authorisation_establishments (establishment_id);

-- Dated steps of an application, each with who recorded it.
CREATE TABLE authorisation_steps (
    id {{ID}},
    authorisation_id BIGINT NOT NULL REFERENCES authorisations (id),
    step_kind_id BIGINT NOT NULL REFERENCES authorisation_step_kinds (id),
    done_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES persons (id),
    recorded_at TEXT NOT NULL,
    CONSTRAINT authorisation_steps_key UNIQUE (authorisation_id, step_kind_id)
);

-- Suspensions, lifts and withdrawals, kept as history.
CREATE TABLE authorisation_events (
    id {{ID}},
    authorisation_id BIGINT NOT NULL REFERENCES authorisations (id),
    kind TEXT NOT NULL CHECK (kind IN ('suspended', 'lifted', 'withdrawn')),
    happened_on TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES persons (id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX authorisation_events_authorisation_idx ON authorisation_events (authorisation_id);

-- The in-app inbox.
CREATE TABLE notifications (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES persons (id),
    created_at TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    read_at TEXT
);
CREATE INDEX notifications_person_idx ON notifications (person_id, created_at);

-- Each expiry reminder is sent once per authorisation and threshold.
CREATE TABLE authorisation_reminders (
    authorisation_id BIGINT NOT NULL REFERENCES authorisations (id),
    days_before BIGINT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (authorisation_id, days_before)
);

-- An uploaded CSV file between its preview and its confirmation.
CREATE TABLE pending_imports (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES persons (id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at TEXT NOT NULL
);
