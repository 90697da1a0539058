-- Cooperation between organisations: what each organisation and volunteer
-- does, the coverage census, referrals of detainees and the activity log.

-- What an organisation offers detainees: visits, correspondence courses or other.
ALTER TABLE organisations ADD COLUMN service TEXT NOT NULL DEFAULT 'other';
-- The postal address detainees write to when nobody is present locally.
ALTER TABLE organisations ADD COLUMN address TEXT NOT NULL DEFAULT '';
-- What a volunteer does for one organisation (its role says what they may do
-- in Passerelle): visitor, prison_correspondent, teacher or other.
ALTER TABLE memberships ADD COLUMN mission TEXT NOT NULL DEFAULT 'other';
-- Whether partner organisations may see this person's email and phone.
ALTER TABLE persons ADD COLUMN share_contact BIGINT NOT NULL DEFAULT 0;

-- Each organisation's thresholds: which volunteers count, and how many an
-- establishment needs (at least `minimum`, and one per `detainees_per_volunteer`).
CREATE TABLE coverage_settings (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id),
    mission TEXT NOT NULL,
    detainees_per_volunteer BIGINT CHECK (detainees_per_volunteer IS NULL OR detainees_per_volunteer > 0),
    minimum BIGINT NOT NULL DEFAULT 1 CHECK (minimum >= 1),
    updated_at TEXT NOT NULL
);

-- The census of one month, counts only, kept for the trend.
CREATE TABLE coverage_snapshots (
    month TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    establishments BIGINT NOT NULL,
    served BIGINT NOT NULL,
    under_served BIGINT NOT NULL,
    unserved BIGINT NOT NULL,
    taken_at TEXT NOT NULL,
    PRIMARY KEY (month, organisation_id)
);

-- A detainee referred from one organisation to another. The beneficiary
-- columns are the minimum needed; the scheduler empties them (purged_at) a
-- retention period after closing, the anonymous rest stays for statistics.
CREATE TABLE referrals (
    id {{ID}},
    kind TEXT NOT NULL CHECK (kind IN ('to_courses', 'to_visitor', 'meet_learner')),
    state TEXT NOT NULL,
    establishment_id BIGINT NOT NULL REFERENCES establishments (id),
    sender_id BIGINT NOT NULL REFERENCES persons (id),
    sender_organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    receiving_organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    assigned_id BIGINT REFERENCES persons (id),
    approver_id BIGINT REFERENCES persons (id),
    beneficiary_ref TEXT,
    language TEXT,
    needs TEXT,
    prison_number TEXT,
    consent_on TEXT,
    consent_by TEXT,
    outcome TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    submitted_at TEXT,
    -- Since when the receiving organisation is expected to accept (ageing).
    waiting_since TEXT,
    accepted_at TEXT,
    closed_at TEXT,
    purged_at TEXT,
    reminded_at TEXT,
    escalated_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX referrals_receiving_idx ON referrals (receiving_organisation_id, state);
CREATE INDEX referrals_sender_idx ON referrals (sender_id);
CREATE INDEX referrals_assigned_idx ON referrals (assigned_id);
CREATE INDEX referrals_establishment_idx ON referrals (establishment_id);
CREATE INDEX referrals_closed_idx ON referrals (closed_at);

-- Every transition: who, when, and an optional note (never beneficiary data).
CREATE TABLE referral_events (
    id {{ID}},
    referral_id BIGINT NOT NULL REFERENCES referrals (id),
    state TEXT NOT NULL,
    person_id BIGINT REFERENCES persons (id),
    at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referral_events_referral_idx ON referral_events (referral_id);

-- Every time someone was shown a referral's beneficiary fields.
CREATE TABLE beneficiary_reads (
    id {{ID}},
    referral_id BIGINT NOT NULL REFERENCES referrals (id),
    person_id BIGINT NOT NULL REFERENCES persons (id),
    at TEXT NOT NULL,
    request_id TEXT NOT NULL
);
CREATE INDEX beneficiary_reads_referral_idx ON beneficiary_reads (referral_id);

-- What volunteers did: visits, correspondence-course events, other hours.
CREATE TABLE activities (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES persons (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    establishment_id BIGINT REFERENCES establishments (id),
    kind TEXT NOT NULL CHECK (kind IN ('visit', 'course_enrolment', 'lesson_corrected', 'exam', 'other_hours')),
    done_on TEXT NOT NULL,
    people_met BIGINT NOT NULL DEFAULT 0 CHECK (people_met >= 0),
    minutes BIGINT NOT NULL CHECK (minutes >= 0),
    note TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES persons (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX activities_person_idx ON activities (person_id, done_on);
CREATE INDEX activities_organisation_idx ON activities (organisation_id, done_on);
CREATE INDEX activities_establishment_idx ON activities (establishment_id, done_on);
CREATE INDEX activities_done_on_idx ON activities (done_on);
