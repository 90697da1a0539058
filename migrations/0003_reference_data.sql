-- Reference data: the countries of the VOLPRIS.EU partners, the regions and
-- establishment kinds of France and Poland, and the steps of an application
-- for an authorisation in each country.

INSERT INTO countries (code, name_fr, name_en, authorisation_months) VALUES
    ('FR', 'France', 'France', 24),
    ('BE', 'Belgique', 'Belgium', 24),
    ('DE', 'Allemagne', 'Germany', 24),
    ('PL', 'Pologne', 'Poland', 24),
    ('PT', 'Portugal', 'Portugal', 24),
    ('RO', 'Roumanie', 'Romania', 24);

INSERT INTO regions (country, code, name) VALUES
    ('FR', 'BORDEAUX', 'DISP de Bordeaux'),
    ('FR', 'DIJON', 'DISP de Dijon'),
    ('FR', 'LILLE', 'DISP de Lille'),
    ('FR', 'LYON', 'DISP de Lyon'),
    ('FR', 'MARSEILLE', 'DISP de Marseille'),
    ('FR', 'PARIS', 'DISP de Paris'),
    ('FR', 'RENNES', 'DISP de Rennes'),
    ('FR', 'STRASBOURG', 'DISP de Strasbourg'),
    ('FR', 'TOULOUSE', 'DISP de Toulouse'),
    ('FR', 'OUTREMER', 'Mission des services pénitentiaires de l''outre-mer'),
    ('PL', 'BIALYSTOK', 'OISW Białystok'),
    ('PL', 'BYDGOSZCZ', 'OISW Bydgoszcz'),
    ('PL', 'GDANSK', 'OISW Gdańsk'),
    ('PL', 'KATOWICE', 'OISW Katowice'),
    ('PL', 'KOSZALIN', 'OISW Koszalin'),
    ('PL', 'KRAKOW', 'OISW Kraków'),
    ('PL', 'LUBLIN', 'OISW Lublin'),
    ('PL', 'LODZ', 'OISW Łódź'),
    ('PL', 'OLSZTYN', 'OISW Olsztyn'),
    ('PL', 'OPOLE', 'OISW Opole'),
    ('PL', 'POZNAN', 'OISW Poznań'),
    ('PL', 'RZESZOW', 'OISW Rzeszów'),
    ('PL', 'SZCZECIN', 'OISW Szczecin'),
    ('PL', 'WARSZAWA', 'OISW Warszawa'),
    ('PL', 'WROCLAW', 'OISW Wrocław');

INSERT INTO establishment_kinds (country, code, name_fr, name_en) VALUES
    ('FR', 'MA', 'Maison d''arrêt', 'Remand prison'),
    ('FR', 'CD', 'Centre de détention', 'Detention centre (long sentences, resettlement)'),
    ('FR', 'MC', 'Maison centrale', 'High-security prison (long sentences)'),
    ('FR', 'CP', 'Centre pénitentiaire', 'Mixed prison'),
    ('FR', 'CSL', 'Centre de semi-liberté', 'Semi-liberty centre'),
    ('FR', 'EPM', 'Établissement pour mineurs', 'Juvenile prison'),
    ('FR', 'CPA', 'Centre pour peines aménagées', 'Centre for adjusted sentences'),
    ('FR', 'SAS', 'Structure d''accompagnement vers la sortie', 'Pre-release unit'),
    ('FR', 'CNE', 'Centre national d''évaluation', 'National assessment centre'),
    ('PL', 'ZK', 'Établissement pénitentiaire (zakład karny)', 'Prison (zakład karny)'),
    ('PL', 'AS', 'Maison d''arrêt (areszt śledczy)', 'Remand centre (areszt śledczy)');

INSERT INTO authorisation_step_kinds (country, position, code, name_fr, name_en) VALUES
    ('FR', 1, 'filed', 'Demande déposée auprès du SPIP', 'Request filed with the probation service (SPIP)'),
    ('FR', 2, 'association_interview', 'Entretien avec le correspondant local de l''association', 'Interview with the organisation''s local correspondent'),
    ('FR', 3, 'spip_interview', 'Entretien avec le SPIP', 'Interview with the probation service'),
    ('FR', 4, 'enquiry', 'Enquête administrative', 'Administrative enquiry'),
    ('FR', 5, 'spip_report', 'Rapport du SPIP', 'Probation service report'),
    ('FR', 6, 'prefect_opinion', 'Avis du préfet', 'Prefect''s opinion'),
    ('FR', 7, 'regional_decision', 'Décision de la direction interrégionale', 'Decision of the regional directorate'),
    ('BE', 1, 'filed', 'Demande déposée', 'Request filed'),
    ('BE', 2, 'security_check', 'Vérification de sécurité', 'Security check'),
    ('BE', 3, 'decision', 'Décision', 'Decision'),
    ('DE', 1, 'filed', 'Demande déposée', 'Request filed'),
    ('DE', 2, 'security_check', 'Vérification de sécurité', 'Security check'),
    ('DE', 3, 'decision', 'Décision', 'Decision'),
    ('PL', 1, 'filed', 'Demande déposée', 'Request filed'),
    ('PL', 2, 'security_check', 'Vérification de sécurité', 'Security check'),
    ('PL', 3, 'decision', 'Décision', 'Decision'),
    ('PT', 1, 'filed', 'Demande déposée', 'Request filed'),
    ('PT', 2, 'security_check', 'Vérification de sécurité', 'Security check'),
    ('PT', 3, 'decision', 'Décision', 'Decision'),
    ('RO', 1, 'filed', 'Demande déposée', 'Request filed'),
    ('RO', 2, 'security_check', 'Vérification de sécurité', 'Security check'),
    ('RO', 3, 'decision', 'Décision', 'Decision');
