-- Minimum standards. A framework (e.g. the minimum requirements for
-- volunteering programmes in prison) has versions; a version is made of
-- areas and their requirements, with their texts in each interface
-- language. A version is a draft while its keepers edit it; published, it
-- never changes, since assessments answer it.
CREATE TABLE standard_frameworks (
    id {{ID}},
    kind TEXT NOT NULL CHECK (kind IN ('programme', 'training')),
    -- The organisation whose administrators keep it (NULL: the platform's).
    keeper_id BIGINT REFERENCES organisations (id),
    created_at TEXT NOT NULL
);
CREATE INDEX standard_frameworks_keeper_idx ON standard_frameworks (keeper_id);

CREATE TABLE standard_versions (
    id {{ID}},
    framework_id BIGINT NOT NULL REFERENCES standard_frameworks (id),
    version BIGINT NOT NULL CHECK (version > 0),
    -- How long an assessment against this version stays valid.
    validity_months BIGINT NOT NULL CHECK (validity_months BETWEEN 1 AND 120),
    published_at TEXT,
    created_at TEXT NOT NULL,
    CONSTRAINT standard_versions_framework_version_key UNIQUE (framework_id, version)
);

CREATE TABLE standard_version_texts (
    version_id BIGINT NOT NULL REFERENCES standard_versions (id),
    language TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (version_id, language)
);

-- An area (area_id NULL) or one of its requirements. A requirement may name
-- the figure Passerelle computes as its evidence and, for training, the
-- qualification volunteers must hold (and the module that grants it), with
-- the share of them that meets it.
CREATE TABLE standard_items (
    id {{ID}},
    version_id BIGINT NOT NULL REFERENCES standard_versions (id),
    area_id BIGINT REFERENCES standard_items (id),
    position BIGINT NOT NULL,
    figure TEXT CHECK (figure IN ('active_authorised', 'authorised_qualified', 'active_authorised_qualified')),
    qualification TEXT NOT NULL DEFAULT '',
    module_id BIGINT REFERENCES training_modules (id),
    target BIGINT NOT NULL DEFAULT 100 CHECK (target BETWEEN 1 AND 100)
);
CREATE INDEX standard_items_version_idx ON standard_items (version_id, position);
CREATE INDEX standard_items_area_idx ON standard_items (area_id);
CREATE INDEX standard_items_module_idx ON standard_items (module_id);

CREATE TABLE standard_item_texts (
    item_id BIGINT NOT NULL REFERENCES standard_items (id),
    language TEXT NOT NULL,
    title TEXT NOT NULL,
    guidance TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (item_id, language)
);

-- An organisation (or one of its sections, or a prison its administration
-- runs) assesses itself against a published version. Submitted, it is
-- valid until `valid_until`; the figures it cites are kept as they stood.
CREATE TABLE standard_assessments (
    id {{ID}},
    version_id BIGINT NOT NULL REFERENCES standard_versions (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    section_id BIGINT REFERENCES sections (id),
    establishment_id BIGINT REFERENCES establishments (id),
    started_by BIGINT REFERENCES persons (id),
    started_at TEXT NOT NULL,
    submitted_by BIGINT REFERENCES persons (id),
    submitted_at TEXT,
    valid_until TEXT,
    -- When its administrators were told it lapses soon (once).
    lapse_reminded_at TEXT,
    CHECK (section_id IS NULL OR establishment_id IS NULL)
);
CREATE INDEX standard_assessments_version_idx ON standard_assessments (version_id);
CREATE INDEX standard_assessments_organisation_idx ON standard_assessments (organisation_id, started_at);
CREATE INDEX standard_assessments_section_idx ON standard_assessments (section_id);
CREATE INDEX standard_assessments_establishment_idx ON standard_assessments (establishment_id);
CREATE INDEX standard_assessments_started_by_idx ON standard_assessments (started_by);
CREATE INDEX standard_assessments_submitted_by_idx ON standard_assessments (submitted_by);
CREATE INDEX standard_assessments_valid_until_idx ON standard_assessments (valid_until);

CREATE TABLE standard_answers (
    assessment_id BIGINT NOT NULL REFERENCES standard_assessments (id),
    requirement_id BIGINT NOT NULL REFERENCES standard_items (id),
    status TEXT NOT NULL CHECK (status IN ('met', 'conditions', 'not_met', 'not_applicable')),
    evidence TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    -- The computed figure as it stood at submission.
    numerator BIGINT,
    denominator BIGINT,
    answered_by BIGINT REFERENCES persons (id),
    answered_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, requirement_id)
);
CREATE INDEX standard_answers_requirement_idx ON standard_answers (requirement_id);
CREATE INDEX standard_answers_answered_by_idx ON standard_answers (answered_by);

-- The action plan: what will be done, by whom, by when.
CREATE TABLE standard_actions (
    id {{ID}},
    assessment_id BIGINT NOT NULL REFERENCES standard_assessments (id),
    requirement_id BIGINT REFERENCES standard_items (id),
    text TEXT NOT NULL,
    owner_id BIGINT NOT NULL REFERENCES persons (id),
    due_on TEXT NOT NULL,
    done_on TEXT,
    reminded_at TEXT,
    created_by BIGINT REFERENCES persons (id),
    created_at TEXT NOT NULL
);
CREATE INDEX standard_actions_assessment_idx ON standard_actions (assessment_id);
CREATE INDEX standard_actions_requirement_idx ON standard_actions (requirement_id);
CREATE INDEX standard_actions_owner_idx ON standard_actions (owner_id);
CREATE INDEX standard_actions_created_by_idx ON standard_actions (created_by);
CREATE INDEX standard_actions_due_idx ON standard_actions (due_on);

-- A peer (another organisation or administration) invited to review a
-- submitted assessment, and its view of each requirement.
CREATE TABLE standard_reviews (
    id {{ID}},
    assessment_id BIGINT NOT NULL REFERENCES standard_assessments (id),
    reviewer_id BIGINT NOT NULL REFERENCES organisations (id),
    invited_by BIGINT REFERENCES persons (id),
    invited_at TEXT NOT NULL,
    completed_by BIGINT REFERENCES persons (id),
    completed_at TEXT,
    CONSTRAINT standard_reviews_assessment_reviewer_key UNIQUE (assessment_id, reviewer_id)
);
CREATE INDEX standard_reviews_reviewer_idx ON standard_reviews (reviewer_id);
CREATE INDEX standard_reviews_invited_by_idx ON standard_reviews (invited_by);
CREATE INDEX standard_reviews_completed_by_idx ON standard_reviews (completed_by);

CREATE TABLE standard_review_answers (
    review_id BIGINT NOT NULL REFERENCES standard_reviews (id),
    requirement_id BIGINT NOT NULL REFERENCES standard_items (id),
    agrees BIGINT NOT NULL CHECK (agrees IN (0, 1)),
    comment TEXT NOT NULL DEFAULT '',
    answered_by BIGINT REFERENCES persons (id),
    answered_at TEXT NOT NULL,
    PRIMARY KEY (review_id, requirement_id)
);
CREATE INDEX standard_review_answers_requirement_idx ON standard_review_answers (requirement_id);
CREATE INDEX standard_review_answers_answered_by_idx ON standard_review_answers (answered_by);

-- The networks an assessed party shares its result with: they see how many
-- requirements are met per area, never the answers or the evidence.
CREATE TABLE standard_shares (
    assessment_id BIGINT NOT NULL REFERENCES standard_assessments (id),
    network_id BIGINT NOT NULL REFERENCES networks (id),
    shared_by BIGINT REFERENCES persons (id),
    shared_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, network_id)
);
CREATE INDEX standard_shares_network_idx ON standard_shares (network_id);
CREATE INDEX standard_shares_shared_by_idx ON standard_shares (shared_by);

-- Files given as evidence of a requirement, stored in the database and
-- served as downloads only, to those who read the assessment.
CREATE TABLE standard_evidence_files (
    id {{ID}},
    assessment_id BIGINT NOT NULL REFERENCES standard_assessments (id),
    requirement_id BIGINT NOT NULL REFERENCES standard_items (id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content {{BLOB}} NOT NULL,
    size BIGINT NOT NULL,
    uploaded_by BIGINT REFERENCES persons (id),
    uploaded_at TEXT NOT NULL
);
CREATE INDEX standard_evidence_files_assessment_idx ON standard_evidence_files (assessment_id, requirement_id);
CREATE INDEX standard_evidence_files_requirement_idx ON standard_evidence_files (requirement_id);
CREATE INDEX standard_evidence_files_uploaded_by_idx ON standard_evidence_files (uploaded_by);
