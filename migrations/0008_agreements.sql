-- Partnership agreements between organisations: parties and signatories,
-- commitments grouped by category, thematic follow-up, an evaluation at
-- every anniversary, and a board of news for the parties' members.

CREATE TABLE agreements (
    id {{ID}},
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    signed_on TEXT,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    -- The agreement this one replaces.
    replaces_id BIGINT REFERENCES agreements (id),
    -- 1 while it is being written (not signed yet).
    draft BIGINT NOT NULL DEFAULT 1,
    terminated_on TEXT,
    document_name TEXT,
    document_type TEXT,
    document {{BLOB}},
    created_by BIGINT REFERENCES persons (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX agreements_ends_idx ON agreements (ends_on);
CREATE INDEX agreements_replaces_idx ON agreements (replaces_id);
CREATE INDEX agreements_created_by_idx ON agreements (created_by);

CREATE TABLE agreement_parties (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    signatory TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, organisation_id)
);
CREATE INDEX agreement_parties_organisation_idx ON agreement_parties (organisation_id);

CREATE TABLE agreement_categories (
    id {{ID}},
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL
);
CREATE INDEX agreement_categories_agreement_idx ON agreement_categories (agreement_id, position);

CREATE TABLE commitments (
    id {{ID}},
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    category_id BIGINT NOT NULL REFERENCES agreement_categories (id),
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    indicators TEXT NOT NULL DEFAULT ''
);
CREATE INDEX commitments_agreement_idx ON commitments (agreement_id, category_id, position);
CREATE INDEX commitments_category_idx ON commitments (category_id);

-- Which parties answer for a commitment (none listed: all of them).
CREATE TABLE commitment_parties (
    commitment_id BIGINT NOT NULL REFERENCES commitments (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (commitment_id, organisation_id)
);
CREATE INDEX commitment_parties_organisation_idx ON commitment_parties (organisation_id);

-- Dated notes and evidence (a link) on a category or a commitment.
CREATE TABLE agreement_follow_ups (
    id {{ID}},
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    category_id BIGINT REFERENCES agreement_categories (id),
    commitment_id BIGINT REFERENCES commitments (id),
    noted_on TEXT NOT NULL,
    text TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    author_id BIGINT REFERENCES persons (id),
    created_at TEXT NOT NULL
);
CREATE INDEX agreement_follow_ups_agreement_idx ON agreement_follow_ups (agreement_id, noted_on);
CREATE INDEX agreement_follow_ups_category_idx ON agreement_follow_ups (category_id);
CREATE INDEX agreement_follow_ups_commitment_idx ON agreement_follow_ups (commitment_id);
CREATE INDEX agreement_follow_ups_author_idx ON agreement_follow_ups (author_id);

-- The evaluation of one anniversary; its items, one per commitment.
CREATE TABLE agreement_evaluations (
    id {{ID}},
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    anniversary TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    closed_at TEXT,
    closed_by BIGINT REFERENCES persons (id),
    UNIQUE (agreement_id, anniversary)
);
CREATE INDEX agreement_evaluations_closed_by_idx ON agreement_evaluations (closed_by);

CREATE TABLE evaluation_items (
    evaluation_id BIGINT NOT NULL REFERENCES agreement_evaluations (id),
    commitment_id BIGINT NOT NULL REFERENCES commitments (id),
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('done', 'partly', 'not_done', 'not_applicable')),
    comment TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES persons (id),
    updated_at TEXT,
    PRIMARY KEY (evaluation_id, commitment_id)
);
CREATE INDEX evaluation_items_commitment_idx ON evaluation_items (commitment_id);
CREATE INDEX evaluation_items_updated_by_idx ON evaluation_items (updated_by);

-- Reminders already sent (an agreement, what, for which date), so that
-- each goes once whatever the number of instances.
CREATE TABLE agreement_notices (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    kind TEXT NOT NULL,
    due_on TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (agreement_id, kind, due_on)
);

-- News of common interest to the parties' members.
CREATE TABLE agreement_posts (
    id {{ID}},
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    author_id BIGINT REFERENCES persons (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX agreement_posts_agreement_idx ON agreement_posts (agreement_id, created_at);
CREATE INDEX agreement_posts_author_idx ON agreement_posts (author_id);
