-- A library of practices described by organisations and administrations:
-- context, what is done, resources, results and a contact, in the language
-- it was written in, tagged by theme (translated, so a theme finds practices
-- in every language), linked to the requirements and indicators they
-- address; others comment on them or say they tried them.
CREATE TABLE practices (
    id {{ID}},
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    country TEXT NOT NULL REFERENCES countries (code),
    language TEXT NOT NULL,
    title TEXT NOT NULL,
    context TEXT NOT NULL,
    what TEXT NOT NULL,
    resources TEXT NOT NULL DEFAULT '',
    results TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES persons (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX practices_organisation_idx ON practices (organisation_id);
CREATE INDEX practices_country_idx ON practices (country, updated_at);
CREATE INDEX practices_created_by_idx ON practices (created_by);

CREATE TABLE practice_themes (
    practice_id BIGINT NOT NULL REFERENCES practices (id),
    theme TEXT NOT NULL,
    PRIMARY KEY (practice_id, theme)
);
CREATE INDEX practice_themes_theme_idx ON practice_themes (theme, practice_id);

CREATE TABLE practice_requirements (
    practice_id BIGINT NOT NULL REFERENCES practices (id),
    requirement_id BIGINT NOT NULL REFERENCES standard_items (id),
    PRIMARY KEY (practice_id, requirement_id)
);
CREATE INDEX practice_requirements_requirement_idx ON practice_requirements (requirement_id);

CREATE TABLE practice_indicators (
    practice_id BIGINT NOT NULL REFERENCES practices (id),
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    PRIMARY KEY (practice_id, indicator_id)
);
CREATE INDEX practice_indicators_indicator_idx ON practice_indicators (indicator_id);

-- A comment, or "we tried this" with how it went, on behalf of an organisation.
CREATE TABLE practice_notes (
    id {{ID}},
    practice_id BIGINT NOT NULL REFERENCES practices (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL CHECK (kind IN ('comment', 'tried')),
    text TEXT NOT NULL,
    created_by BIGINT REFERENCES persons (id),
    created_at TEXT NOT NULL
);
CREATE INDEX practice_notes_practice_idx ON practice_notes (practice_id, created_at);
CREATE INDEX practice_notes_organisation_idx ON practice_notes (organisation_id);
CREATE INDEX practice_notes_created_by_idx ON practice_notes (created_by);
