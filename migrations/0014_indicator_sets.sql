-- Indicator sets agreed within a network or a partnership agreement. A
-- party proposes a version; each party accepts it or declines with a
-- comment; when every party has accepted, the version is frozen with the
-- day (agreed_at) and its indicators, each at its own version, never change.
CREATE TABLE indicator_sets (
    id {{ID}},
    name TEXT NOT NULL,
    network_id BIGINT REFERENCES networks (id),
    agreement_id BIGINT REFERENCES agreements (id),
    version BIGINT NOT NULL CHECK (version > 0),
    proposed_by_organisation BIGINT NOT NULL REFERENCES organisations (id),
    proposed_by BIGINT REFERENCES persons (id),
    proposed_at TEXT NOT NULL,
    agreed_at TEXT,
    CHECK ((network_id IS NULL AND agreement_id IS NOT NULL) OR (network_id IS NOT NULL AND agreement_id IS NULL)),
    CONSTRAINT indicator_sets_network_version_key UNIQUE (network_id, version),
    CONSTRAINT indicator_sets_agreement_version_key UNIQUE (agreement_id, version)
);
CREATE INDEX indicator_sets_agreement_idx ON indicator_sets (agreement_id);
CREATE INDEX indicator_sets_organisation_idx ON indicator_sets (proposed_by_organisation);
CREATE INDEX indicator_sets_person_idx ON indicator_sets (proposed_by);

CREATE TABLE indicator_set_items (
    set_id BIGINT NOT NULL REFERENCES indicator_sets (id),
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    PRIMARY KEY (set_id, indicator_id)
);
CREATE INDEX indicator_set_items_indicator_idx ON indicator_set_items (indicator_id);

CREATE TABLE indicator_set_answers (
    set_id BIGINT NOT NULL REFERENCES indicator_sets (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    accepted BIGINT NOT NULL CHECK (accepted IN (0, 1)),
    comment TEXT NOT NULL DEFAULT '',
    answered_by BIGINT REFERENCES persons (id),
    answered_at TEXT NOT NULL,
    PRIMARY KEY (set_id, organisation_id)
);
CREATE INDEX indicator_set_answers_organisation_idx ON indicator_set_answers (organisation_id);
CREATE INDEX indicator_set_answers_person_idx ON indicator_set_answers (answered_by);
