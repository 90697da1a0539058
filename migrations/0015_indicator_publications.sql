-- What an organisation publishes to a network: a period's figures, small
-- counts suppressed, frozen as they were computed (JSON), with the agreed
-- set they follow and a commentary. Publishing the same period again
-- replaces the figures and says when.
CREATE TABLE indicator_publications (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    network_id BIGINT NOT NULL REFERENCES networks (id),
    period TEXT NOT NULL,
    set_id BIGINT NOT NULL REFERENCES indicator_sets (id),
    figures TEXT NOT NULL,
    commentary TEXT NOT NULL DEFAULT '',
    published_by BIGINT REFERENCES persons (id),
    published_at TEXT NOT NULL,
    CONSTRAINT indicator_publications_key UNIQUE (network_id, organisation_id, period)
);
CREATE INDEX indicator_publications_organisation_idx ON indicator_publications (organisation_id);
CREATE INDEX indicator_publications_set_idx ON indicator_publications (set_id);
CREATE INDEX indicator_publications_person_idx ON indicator_publications (published_by);
