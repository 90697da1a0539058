-- The competence framework of volunteer coordinators (VOLPRIS): categories,
-- their competences, and for each the knowledge, skills and attitudes it
-- takes and what it looks like at four levels; each with its texts in every
-- interface language. A competence names the curriculum modules that build
-- it, so that a gap proposes them. A coordinator rates themself on each
-- competence; a manager of their organisation may add their own view.
CREATE TABLE competences (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    parent_id BIGINT REFERENCES competences (id),
    kind TEXT NOT NULL CHECK (kind IN ('category', 'competence', 'knowledge', 'skill', 'attitude')),
    position BIGINT NOT NULL,
    -- The level a coordinator is expected to reach (competences only).
    expected BIGINT CHECK (expected BETWEEN 1 AND 4)
);
CREATE INDEX competences_parent_idx ON competences (parent_id, position);

CREATE TABLE competence_texts (
    competence_id BIGINT NOT NULL REFERENCES competences (id),
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    level_1 TEXT NOT NULL DEFAULT '',
    level_2 TEXT NOT NULL DEFAULT '',
    level_3 TEXT NOT NULL DEFAULT '',
    level_4 TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (competence_id, language)
);

CREATE TABLE competence_modules (
    competence_id BIGINT NOT NULL REFERENCES competences (id),
    module_id BIGINT NOT NULL REFERENCES training_modules (id),
    PRIMARY KEY (competence_id, module_id)
);
CREATE INDEX competence_modules_module_idx ON competence_modules (module_id);

CREATE TABLE competence_assessments (
    id {{ID}},
    person_id BIGINT NOT NULL REFERENCES persons (id),
    -- The organisation they coordinate for, whose administrators may add their view.
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    manager_id BIGINT REFERENCES persons (id),
    manager_at TEXT
);
CREATE INDEX competence_assessments_person_idx ON competence_assessments (person_id, started_at);
CREATE INDEX competence_assessments_organisation_idx ON competence_assessments (organisation_id);
CREATE INDEX competence_assessments_manager_idx ON competence_assessments (manager_id);

CREATE TABLE competence_ratings (
    assessment_id BIGINT NOT NULL REFERENCES competence_assessments (id),
    competence_id BIGINT NOT NULL REFERENCES competences (id),
    level BIGINT CHECK (level BETWEEN 1 AND 4),
    manager_level BIGINT CHECK (manager_level BETWEEN 1 AND 4),
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, competence_id)
);
CREATE INDEX competence_ratings_competence_idx ON competence_ratings (competence_id);

INSERT INTO competences (code, parent_id, kind, position, expected) VALUES ('setting', NULL, 'category', 1, NULL);
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Cadre et partenariat', '', '', '', '' FROM competences WHERE code = 'setting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Setting and partnership', '', '', '', '' FROM competences WHERE code = 'setting';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'prison_setting', id, 'competence', 1, 3 FROM competences WHERE code = 'setting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Connaître le cadre pénitentiaire', 'Découvre les règles d''accès et le rôle de chacun.', 'Explique les règles aux bénévoles et les applique sans aide.', 'Anticipe les situations délicates et conseille les bénévoles.', 'Forme d''autres coordinateurs au cadre pénitentiaire.' FROM competences WHERE code = 'prison_setting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Knowing the prison setting', 'Is learning the access rules and who does what.', 'Explains the rules to volunteers and applies them unaided.', 'Anticipates delicate situations and advises volunteers.', 'Trains other coordinators in the prison setting.' FROM competences WHERE code = 'prison_setting';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'prison_setting_knowledge', id, 'knowledge', 1, NULL FROM competences WHERE code = 'prison_setting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Les acteurs : direction, SPIP, surveillants, associations ; les règles d''accès et de confidentialité.', '', '', '', '' FROM competences WHERE code = 'prison_setting_knowledge';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'The actors: management, probation, officers, associations; access and confidentiality rules.', '', '', '', '' FROM competences WHERE code = 'prison_setting_knowledge';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'prison_setting_skill', id, 'skill', 2, NULL FROM competences WHERE code = 'prison_setting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Préparer un dossier d''agrément complet et le suivre.', '', '', '', '' FROM competences WHERE code = 'prison_setting_skill';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Prepare a complete authorisation application and follow it up.', '', '', '', '' FROM competences WHERE code = 'prison_setting_skill';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'prison_setting_attitude', id, 'attitude', 3, NULL FROM competences WHERE code = 'prison_setting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Respecter la place de chacun et la sécurité de l''établissement.', '', '', '', '' FROM competences WHERE code = 'prison_setting_attitude';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Respect everyone''s role and the establishment''s security.', '', '', '', '' FROM competences WHERE code = 'prison_setting_attitude';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'partnership', id, 'competence', 2, 2 FROM competences WHERE code = 'setting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Travailler avec l''administration et le SPIP', 'Sait à qui s''adresser dans l''établissement.', 'Entretient un contact régulier avec un référent.', 'Prépare et suit une convention avec l''établissement.', 'Représente l''organisation auprès de la direction interrégionale.' FROM competences WHERE code = 'partnership';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Working with the administration and probation', 'Knows whom to ask in the establishment.', 'Keeps regular contact with a contact person.', 'Prepares and follows an agreement with the establishment.', 'Represents the organisation to the regional directorate.' FROM competences WHERE code = 'partnership';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'partnership_knowledge', id, 'knowledge', 1, NULL FROM competences WHERE code = 'partnership';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Les missions du SPIP et les instances où siègent les associations.', '', '', '', '' FROM competences WHERE code = 'partnership_knowledge';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'The probation service''s missions and where associations sit.', '', '', '', '' FROM competences WHERE code = 'partnership_knowledge';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'partnership_skill', id, 'skill', 2, NULL FROM competences WHERE code = 'partnership';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Conduire une réunion avec la direction et en rédiger le compte rendu.', '', '', '', '' FROM competences WHERE code = 'partnership_skill';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Run a meeting with the management and write its minutes.', '', '', '', '' FROM competences WHERE code = 'partnership_skill';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'partnership_attitude', id, 'attitude', 3, NULL FROM competences WHERE code = 'partnership';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Chercher le compromis sans renoncer à l''intérêt des personnes détenues.', '', '', '', '' FROM competences WHERE code = 'partnership_attitude';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Seek compromise without giving up the interest of detained people.', '', '', '', '' FROM competences WHERE code = 'partnership_attitude';
INSERT INTO competences (code, parent_id, kind, position, expected) VALUES ('team', NULL, 'category', 2, NULL);
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Animer une équipe de bénévoles', '', '', '', '' FROM competences WHERE code = 'team';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Leading a team of volunteers', '', '', '', '' FROM competences WHERE code = 'team';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'recruiting', id, 'competence', 1, 3 FROM competences WHERE code = 'team';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Recruter et accueillir les bénévoles', 'Participe aux entretiens de candidats.', 'Mène seul les entretiens et l''accueil des nouveaux.', 'Organise le parcours d''intégration de la section.', 'Conçoit les outils de recrutement de l''organisation.' FROM competences WHERE code = 'recruiting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Recruiting and welcoming volunteers', 'Takes part in interviews with candidates.', 'Runs interviews and welcomes newcomers alone.', 'Organises the section''s induction path.', 'Designs the organisation''s recruitment tools.' FROM competences WHERE code = 'recruiting';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'recruiting_knowledge', id, 'knowledge', 1, NULL FROM competences WHERE code = 'recruiting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Les motivations des bénévoles et les signes d''alerte en entretien.', '', '', '', '' FROM competences WHERE code = 'recruiting_knowledge';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Volunteers'' motivations and the warning signs in an interview.', '', '', '', '' FROM competences WHERE code = 'recruiting_knowledge';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'recruiting_skill', id, 'skill', 2, NULL FROM competences WHERE code = 'recruiting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Conduire un entretien de candidature structuré.', '', '', '', '' FROM competences WHERE code = 'recruiting_skill';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Conduct a structured application interview.', '', '', '', '' FROM competences WHERE code = 'recruiting_skill';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'recruiting_attitude', id, 'attitude', 3, NULL FROM competences WHERE code = 'recruiting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Accueillir chacun sans jugement, dire non quand il le faut.', '', '', '', '' FROM competences WHERE code = 'recruiting_attitude';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Welcome everyone without judgement, say no when needed.', '', '', '', '' FROM competences WHERE code = 'recruiting_attitude';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'support', id, 'competence', 2, 3 FROM competences WHERE code = 'team';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Soutenir les bénévoles dans la durée', 'Répond aux questions des bénévoles.', 'Organise des temps d''échange réguliers.', 'Repère l''usure et propose un accompagnement.', 'Met en place l''analyse de pratiques pour plusieurs équipes.' FROM competences WHERE code = 'support';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Supporting volunteers over time', 'Answers volunteers'' questions.', 'Organises regular exchange times.', 'Spots burnout and offers support.', 'Sets up practice supervision for several teams.' FROM competences WHERE code = 'support';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'support_knowledge', id, 'knowledge', 1, NULL FROM competences WHERE code = 'support';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Les effets de l''intervention en détention sur les bénévoles.', '', '', '', '' FROM competences WHERE code = 'support_knowledge';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'The effects of working in prison on volunteers.', '', '', '', '' FROM competences WHERE code = 'support_knowledge';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'support_skill', id, 'skill', 2, NULL FROM competences WHERE code = 'support';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Animer un groupe d''échange entre bénévoles.', '', '', '', '' FROM competences WHERE code = 'support_skill';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Facilitate an exchange group among volunteers.', '', '', '', '' FROM competences WHERE code = 'support_skill';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'support_attitude', id, 'attitude', 3, NULL FROM competences WHERE code = 'support';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Être disponible et garder une juste distance.', '', '', '', '' FROM competences WHERE code = 'support_attitude';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Be available and keep the right distance.', '', '', '', '' FROM competences WHERE code = 'support_attitude';
INSERT INTO competences (code, parent_id, kind, position, expected) VALUES ('quality', NULL, 'category', 3, NULL);
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Qualité et évaluation', '', '', '', '' FROM competences WHERE code = 'quality';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Quality and evaluation', '', '', '', '' FROM competences WHERE code = 'quality';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'reporting', id, 'competence', 1, 2 FROM competences WHERE code = 'quality';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Suivre l''activité et en rendre compte', 'Note l''activité de sa section.', 'Lit les indicateurs et les explique à l''équipe.', 'Rédige le bilan annuel avec des chiffres comparables.', 'Conduit l''auto-évaluation de l''organisation.' FROM competences WHERE code = 'reporting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Following activity and reporting', 'Records the section''s activity.', 'Reads the indicators and explains them to the team.', 'Writes the yearly report with comparable figures.', 'Leads the organisation''s self-assessment.' FROM competences WHERE code = 'reporting';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'reporting_knowledge', id, 'knowledge', 1, NULL FROM competences WHERE code = 'reporting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Les indicateurs communs et ce que chacun mesure.', '', '', '', '' FROM competences WHERE code = 'reporting_knowledge';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'The common indicators and what each measures.', '', '', '', '' FROM competences WHERE code = 'reporting_knowledge';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'reporting_skill', id, 'skill', 2, NULL FROM competences WHERE code = 'reporting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Lire un tableau de chiffres et en tirer des priorités.', '', '', '', '' FROM competences WHERE code = 'reporting_skill';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Read a table of figures and draw priorities from it.', '', '', '', '' FROM competences WHERE code = 'reporting_skill';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'reporting_attitude', id, 'attitude', 3, NULL FROM competences WHERE code = 'reporting';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Rendre compte honnêtement, y compris de ce qui ne marche pas.', '', '', '', '' FROM competences WHERE code = 'reporting_attitude';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Report honestly, including what does not work.', '', '', '', '' FROM competences WHERE code = 'reporting_attitude';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'protection', id, 'competence', 2, 3 FROM competences WHERE code = 'quality';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Protéger les personnes et les données', 'Connaît les règles de confidentialité.', 'Les fait respecter dans son équipe.', 'Réagit à un incident et le signale comme il faut.', 'Forme les autres à la protection des données.' FROM competences WHERE code = 'protection';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Protecting people and data', 'Knows the confidentiality rules.', 'Has them respected in the team.', 'Reacts to an incident and reports it properly.', 'Trains others in data protection.' FROM competences WHERE code = 'protection';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'protection_knowledge', id, 'knowledge', 1, NULL FROM competences WHERE code = 'protection';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Le secret, la protection des données personnelles, les signalements.', '', '', '', '' FROM competences WHERE code = 'protection_knowledge';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Confidentiality, personal data protection, reporting duties.', '', '', '', '' FROM competences WHERE code = 'protection_knowledge';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'protection_skill', id, 'skill', 2, NULL FROM competences WHERE code = 'protection';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Ne garder que les données utiles et les effacer à temps.', '', '', '', '' FROM competences WHERE code = 'protection_skill';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Keep only the data needed and erase them in time.', '', '', '', '' FROM competences WHERE code = 'protection_skill';
INSERT INTO competences (code, parent_id, kind, position, expected) SELECT 'protection_attitude', id, 'attitude', 3, NULL FROM competences WHERE code = 'protection';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'fr', 'Protéger la personne détenue comme le bénévole.', '', '', '', '' FROM competences WHERE code = 'protection_attitude';
INSERT INTO competence_texts (competence_id, language, text, level_1, level_2, level_3, level_4) SELECT id, 'en', 'Protect the detained person as well as the volunteer.', '', '', '', '' FROM competences WHERE code = 'protection_attitude';
