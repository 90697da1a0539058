-- Needs diagnosis: a questionnaire for a prison or an organisation, made of
-- sections and questions (a scale from 1 "not at all" to 5 "fully", or free
-- text), its texts in every interface language. An organisation (or an
-- administration, for one of its prisons) opens a diagnosis; its people
-- answer it, each once; the report aggregates their answers and names the
-- priorities. Closed diagnoses are compared across establishments and
-- countries only as averages of enough respondents.
CREATE TABLE questionnaires (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    subject TEXT NOT NULL CHECK (subject IN ('prison', 'organisation', 'both')),
    created_at TEXT NOT NULL
);

CREATE TABLE questionnaire_texts (
    questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id),
    language TEXT NOT NULL,
    title TEXT NOT NULL,
    PRIMARY KEY (questionnaire_id, language)
);

CREATE TABLE questionnaire_items (
    id {{ID}},
    questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id),
    code TEXT NOT NULL UNIQUE,
    section_id BIGINT REFERENCES questionnaire_items (id),
    kind TEXT NOT NULL CHECK (kind IN ('section', 'scale', 'text')),
    position BIGINT NOT NULL
);
CREATE INDEX questionnaire_items_questionnaire_idx ON questionnaire_items (questionnaire_id, position);
CREATE INDEX questionnaire_items_section_idx ON questionnaire_items (section_id);

CREATE TABLE questionnaire_item_texts (
    item_id BIGINT NOT NULL REFERENCES questionnaire_items (id),
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (item_id, language)
);

CREATE TABLE diagnoses (
    id {{ID}},
    questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    -- The prison diagnosed, when an administration diagnoses one.
    establishment_id BIGINT REFERENCES establishments (id),
    opened_by BIGINT REFERENCES persons (id),
    opened_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX diagnoses_questionnaire_idx ON diagnoses (questionnaire_id, closed_at);
CREATE INDEX diagnoses_organisation_idx ON diagnoses (organisation_id, opened_at);
CREATE INDEX diagnoses_establishment_idx ON diagnoses (establishment_id);
CREATE INDEX diagnoses_opened_by_idx ON diagnoses (opened_by);

-- Who answered (once each), and their answers.
CREATE TABLE diagnosis_responses (
    diagnosis_id BIGINT NOT NULL REFERENCES diagnoses (id),
    person_id BIGINT NOT NULL REFERENCES persons (id),
    answered_at TEXT NOT NULL,
    PRIMARY KEY (diagnosis_id, person_id)
);
CREATE INDEX diagnosis_responses_person_idx ON diagnosis_responses (person_id);

CREATE TABLE diagnosis_answers (
    diagnosis_id BIGINT NOT NULL REFERENCES diagnoses (id),
    person_id BIGINT NOT NULL REFERENCES persons (id),
    item_id BIGINT NOT NULL REFERENCES questionnaire_items (id),
    score BIGINT CHECK (score BETWEEN 1 AND 5),
    text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (diagnosis_id, person_id, item_id)
);
CREATE INDEX diagnosis_answers_person_idx ON diagnosis_answers (person_id);
CREATE INDEX diagnosis_answers_item_idx ON diagnosis_answers (item_id);

INSERT INTO questionnaires (code, subject, created_at) VALUES ('volpris_needs', 'both', '2026-12-05T00:00:00Z');
INSERT INTO questionnaire_texts (questionnaire_id, language, title) SELECT id, 'fr', 'Diagnostic des besoins du bénévolat en détention' FROM questionnaires WHERE code = 'volpris_needs';
INSERT INTO questionnaire_texts (questionnaire_id, language, title) SELECT id, 'en', 'Needs diagnosis of volunteering in prison' FROM questionnaires WHERE code = 'volpris_needs';
INSERT INTO questionnaire_items (questionnaire_id, code, section_id, kind, position) SELECT id, 'access', NULL, 'section', 1 FROM questionnaires WHERE code = 'volpris_needs';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'fr', 'Accès et agréments' FROM questionnaire_items WHERE code = 'access';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'en', 'Access and authorisations' FROM questionnaire_items WHERE code = 'access';
INSERT INTO questionnaire_items (questionnaire_id, code, section_id, kind, position) SELECT s.questionnaire_id, 'access_1', s.id, 'scale', 1 FROM questionnaire_items s WHERE s.code = 'access';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'fr', 'Les bénévoles obtiennent leur agrément dans un délai raisonnable.' FROM questionnaire_items WHERE code = 'access_1';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'en', 'Volunteers get their authorisation within a reasonable time.' FROM questionnaire_items WHERE code = 'access_1';
INSERT INTO questionnaire_items (questionnaire_id, code, section_id, kind, position) SELECT s.questionnaire_id, 'access_2', s.id, 'scale', 2 FROM questionnaire_items s WHERE s.code = 'access';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'fr', 'Les bénévoles entrent dans l''établissement sans attente inutile.' FROM questionnaire_items WHERE code = 'access_2';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'en', 'Volunteers enter the establishment without needless waiting.' FROM questionnaire_items WHERE code = 'access_2';
INSERT INTO questionnaire_items (questionnaire_id, code, section_id, kind, position) SELECT s.questionnaire_id, 'access_3', s.id, 'scale', 3 FROM questionnaire_items s WHERE s.code = 'access';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'fr', 'Les salles et les horaires permettent de bonnes rencontres.' FROM questionnaire_items WHERE code = 'access_3';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'en', 'Rooms and hours allow good meetings.' FROM questionnaire_items WHERE code = 'access_3';
INSERT INTO questionnaire_items (questionnaire_id, code, section_id, kind, position) SELECT id, 'cooperation', NULL, 'section', 2 FROM questionnaires WHERE code = 'volpris_needs';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'fr', 'Coopération avec l''administration' FROM questionnaire_items WHERE code = 'cooperation';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'en', 'Cooperation with the administration' FROM questionnaire_items WHERE code = 'cooperation';
INSERT INTO questionnaire_items (questionnaire_id, code, section_id, kind, position) SELECT s.questionnaire_id, 'cooperation_1', s.id, 'scale', 1 FROM questionnaire_items s WHERE s.code = 'cooperation';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'fr', 'Chacun sait à qui s''adresser dans l''établissement.' FROM questionnaire_items WHERE code = 'cooperation_1';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'en', 'Everyone knows whom to ask in the establishment.' FROM questionnaire_items WHERE code = 'cooperation_1';
INSERT INTO questionnaire_items (questionnaire_id, code, section_id, kind, position) SELECT s.questionnaire_id, 'cooperation_2', s.id, 'scale', 2 FROM questionnaire_items s WHERE s.code = 'cooperation';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'fr', 'Les informations utiles circulent entre le SPIP et les bénévoles.' FROM questionnaire_items WHERE code = 'cooperation_2';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'en', 'Useful information flows between probation and volunteers.' FROM questionnaire_items WHERE code = 'cooperation_2';
INSERT INTO questionnaire_items (questionnaire_id, code, section_id, kind, position) SELECT s.questionnaire_id, 'cooperation_3', s.id, 'scale', 3 FROM questionnaire_items s WHERE s.code = 'cooperation';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'fr', 'Les bénévoles sont associés aux décisions qui les concernent.' FROM questionnaire_items WHERE code = 'cooperation_3';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'en', 'Volunteers are involved in the decisions that concern them.' FROM questionnaire_items WHERE code = 'cooperation_3';
INSERT INTO questionnaire_items (questionnaire_id, code, section_id, kind, position) SELECT id, 'support', NULL, 'section', 3 FROM questionnaires WHERE code = 'volpris_needs';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'fr', 'Formation et soutien des bénévoles' FROM questionnaire_items WHERE code = 'support';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'en', 'Training and support of volunteers' FROM questionnaire_items WHERE code = 'support';
INSERT INTO questionnaire_items (questionnaire_id, code, section_id, kind, position) SELECT s.questionnaire_id, 'support_1', s.id, 'scale', 1 FROM questionnaire_items s WHERE s.code = 'support';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'fr', 'Les bénévoles sont formés avant leur première intervention.' FROM questionnaire_items WHERE code = 'support_1';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'en', 'Volunteers are trained before they first act.' FROM questionnaire_items WHERE code = 'support_1';
INSERT INTO questionnaire_items (questionnaire_id, code, section_id, kind, position) SELECT s.questionnaire_id, 'support_2', s.id, 'scale', 2 FROM questionnaire_items s WHERE s.code = 'support';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'fr', 'Les bénévoles trouvent du soutien après une situation difficile.' FROM questionnaire_items WHERE code = 'support_2';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'en', 'Volunteers find support after a difficult situation.' FROM questionnaire_items WHERE code = 'support_2';
INSERT INTO questionnaire_items (questionnaire_id, code, section_id, kind, position) SELECT s.questionnaire_id, 'support_3', s.id, 'text', 3 FROM questionnaire_items s WHERE s.code = 'support';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'fr', 'Quel est, pour vous, le besoin le plus urgent ?' FROM questionnaire_items WHERE code = 'support_3';
INSERT INTO questionnaire_item_texts (item_id, language, text) SELECT id, 'en', 'What, to you, is the most urgent need?' FROM questionnaire_items WHERE code = 'support_3';
