-- Indicators as data: each is a ratio of two measures (or one measure, or
-- a median), with its scale, unit and direction of good, versioned; its
-- name and description per interface language. The default set below is
-- version 1 of each.

CREATE TABLE indicators (
    id {{ID}},
    code TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    numerator TEXT NOT NULL,
    denominator TEXT,
    scale BIGINT NOT NULL DEFAULT 1 CHECK (scale > 0),
    unit TEXT NOT NULL CHECK (unit IN ('per', 'percent', 'days', 'count')),
    better TEXT NOT NULL CHECK (better IN ('higher', 'lower')),
    position BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT indicators_code_version_key UNIQUE (code, version)
);

CREATE TABLE indicator_texts (
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    language TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (indicator_id, language)
);

INSERT INTO indicators (code, numerator, denominator, scale, unit, better, position, created_at) VALUES
('volunteers_per_100_detainees', 'authorised_volunteers', 'detained_population', 100, 'per', 'higher', 1, '2026-12-02T00:00:00Z'),
('establishments_served', 'establishments_served', 'establishments', 100, 'percent', 'higher', 2, '2026-12-02T00:00:00Z'),
('visits_per_active_volunteer', 'visits', 'active_volunteers', 1, 'per', 'higher', 3, '2026-12-02T00:00:00Z'),
('active_volunteers', 'active_volunteers', 'authorised_volunteers', 100, 'percent', 'higher', 4, '2026-12-02T00:00:00Z'),
('authorisation_waiting_days', 'authorisation_waiting_days', NULL, 1, 'days', 'lower', 5, '2026-12-02T00:00:00Z'),
('referral_acceptance', 'referrals_accepted', 'referrals_sent', 100, 'percent', 'higher', 6, '2026-12-02T00:00:00Z'),
('days_to_acceptance', 'days_to_acceptance', NULL, 1, 'days', 'lower', 7, '2026-12-02T00:00:00Z'),
('referrals_closed', 'referrals_closed', 'referrals_sent', 100, 'percent', 'higher', 8, '2026-12-02T00:00:00Z'),
('training_hours_per_volunteer', 'training_hours', 'authorised_volunteers', 1, 'per', 'higher', 9, '2026-12-02T00:00:00Z'),
('certified_coordinators', 'certified_coordinators', 'authorised_volunteers', 1000, 'per', 'higher', 10, '2026-12-02T00:00:00Z'),
('volunteer_hours_per_100_detainees', 'volunteer_hours', 'detained_population', 100, 'per', 'higher', 11, '2026-12-02T00:00:00Z'),
('course_events_per_100_detainees', 'course_events', 'detained_population', 100, 'per', 'higher', 12, '2026-12-02T00:00:00Z'),
('volunteers_per_1000_places', 'authorised_volunteers', 'operational_capacity', 1000, 'per', 'higher', 13, '2026-12-02T00:00:00Z'),
('establishments_unserved', 'establishments_unserved', NULL, 1, 'count', 'lower', 14, '2026-12-02T00:00:00Z');

INSERT INTO indicator_texts (indicator_id, language, name, description)
SELECT id, 'fr', CASE code
    WHEN 'volunteers_per_100_detainees' THEN 'Bénévoles pour 100 personnes détenues'
    WHEN 'establishments_served' THEN 'Établissements desservis'
    WHEN 'visits_per_active_volunteer' THEN 'Visites par bénévole actif'
    WHEN 'active_volunteers' THEN 'Bénévoles actifs'
    WHEN 'authorisation_waiting_days' THEN 'Attente d''une autorisation (médiane)'
    WHEN 'referral_acceptance' THEN 'Orientations acceptées'
    WHEN 'days_to_acceptance' THEN 'Délai d''acceptation d''une orientation (médiane)'
    WHEN 'referrals_closed' THEN 'Orientations closes'
    WHEN 'training_hours_per_volunteer' THEN 'Heures de formation par bénévole'
    WHEN 'certified_coordinators' THEN 'Coordinateurs certifiés pour 1 000 bénévoles'
    WHEN 'volunteer_hours_per_100_detainees' THEN 'Heures de bénévolat pour 100 personnes détenues'
    WHEN 'course_events_per_100_detainees' THEN 'Actes de cours pour 100 personnes détenues'
    WHEN 'volunteers_per_1000_places' THEN 'Bénévoles pour 1 000 places'
    WHEN 'establishments_unserved' THEN 'Établissements sans bénévole'
END, CASE code
    WHEN 'volunteers_per_100_detainees' THEN 'Bénévoles autorisés le dernier jour de la période, pour 100 personnes détenues (dernier effectif connu).'
    WHEN 'establishments_served' THEN 'Part des établissements ouverts où au moins un bénévole est autorisé.'
    WHEN 'visits_per_active_volunteer' THEN 'Visites de la période, par bénévole ayant noté au moins une activité.'
    WHEN 'active_volunteers' THEN 'Part des bénévoles autorisés qui ont noté au moins une activité dans la période.'
    WHEN 'authorisation_waiting_days' THEN 'Jours entre la demande et la décision, pour les décisions de la période.'
    WHEN 'referral_acceptance' THEN 'Orientations acceptées dans la période, pour 100 orientations transmises.'
    WHEN 'days_to_acceptance' THEN 'Jours entre la transmission et l''acceptation, pour les orientations acceptées dans la période.'
    WHEN 'referrals_closed' THEN 'Orientations closes dans la période, pour 100 orientations transmises.'
    WHEN 'training_hours_per_volunteer' THEN 'Heures des modules achevés dans la période, par bénévole autorisé.'
    WHEN 'certified_coordinators' THEN 'Coordinateurs titulaires d''au moins un certificat, pour 1 000 bénévoles autorisés.'
    WHEN 'volunteer_hours_per_100_detainees' THEN 'Heures d''activité notées dans la période, pour 100 personnes détenues.'
    WHEN 'course_events_per_100_detainees' THEN 'Inscriptions, devoirs corrigés et examens de la période, pour 100 personnes détenues.'
    WHEN 'volunteers_per_1000_places' THEN 'Bénévoles autorisés pour 1 000 places opérationnelles.'
    WHEN 'establishments_unserved' THEN 'Établissements ouverts où aucun bénévole n''est autorisé.'
END FROM indicators;

INSERT INTO indicator_texts (indicator_id, language, name, description)
SELECT id, 'en', CASE code
    WHEN 'volunteers_per_100_detainees' THEN 'Volunteers per 100 detainees'
    WHEN 'establishments_served' THEN 'Establishments served'
    WHEN 'visits_per_active_volunteer' THEN 'Visits per active volunteer'
    WHEN 'active_volunteers' THEN 'Active volunteers'
    WHEN 'authorisation_waiting_days' THEN 'Waiting for an authorisation (median)'
    WHEN 'referral_acceptance' THEN 'Referrals accepted'
    WHEN 'days_to_acceptance' THEN 'Days to accept a referral (median)'
    WHEN 'referrals_closed' THEN 'Referrals closed'
    WHEN 'training_hours_per_volunteer' THEN 'Training hours per volunteer'
    WHEN 'certified_coordinators' THEN 'Certified coordinators per 1,000 volunteers'
    WHEN 'volunteer_hours_per_100_detainees' THEN 'Volunteer hours per 100 detainees'
    WHEN 'course_events_per_100_detainees' THEN 'Course events per 100 detainees'
    WHEN 'volunteers_per_1000_places' THEN 'Volunteers per 1,000 places'
    WHEN 'establishments_unserved' THEN 'Establishments without a volunteer'
END, CASE code
    WHEN 'volunteers_per_100_detainees' THEN 'Volunteers authorised on the last day of the period, per 100 detainees (latest count).'
    WHEN 'establishments_served' THEN 'Share of open establishments where at least one volunteer is authorised.'
    WHEN 'visits_per_active_volunteer' THEN 'Visits in the period, per volunteer who logged at least one activity.'
    WHEN 'active_volunteers' THEN 'Share of authorised volunteers who logged at least one activity in the period.'
    WHEN 'authorisation_waiting_days' THEN 'Days from application to decision, for the decisions of the period.'
    WHEN 'referral_acceptance' THEN 'Referrals accepted in the period, per 100 referrals sent.'
    WHEN 'days_to_acceptance' THEN 'Days from sending to acceptance, for the referrals accepted in the period.'
    WHEN 'referrals_closed' THEN 'Referrals closed in the period, per 100 referrals sent.'
    WHEN 'training_hours_per_volunteer' THEN 'Hours of the modules completed in the period, per authorised volunteer.'
    WHEN 'certified_coordinators' THEN 'Coordinators holding at least one certificate, per 1,000 authorised volunteers.'
    WHEN 'volunteer_hours_per_100_detainees' THEN 'Activity hours logged in the period, per 100 detainees.'
    WHEN 'course_events_per_100_detainees' THEN 'Enrolments, lessons corrected and exams of the period, per 100 detainees.'
    WHEN 'volunteers_per_1000_places' THEN 'Authorised volunteers per 1,000 operational places.'
    WHEN 'establishments_unserved' THEN 'Open establishments where no volunteer is authorised.'
END FROM indicators;
