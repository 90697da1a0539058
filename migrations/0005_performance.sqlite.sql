CREATE TRIGGER authorisations_presence_insert AFTER INSERT ON authorisations
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'presence'; END;
CREATE TRIGGER authorisations_presence_update AFTER UPDATE ON authorisations
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'presence'; END;
CREATE TRIGGER authorisations_presence_delete AFTER DELETE ON authorisations
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'presence'; END;
CREATE TRIGGER authorisation_establishments_presence_insert AFTER INSERT ON authorisation_establishments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'presence'; END;
CREATE TRIGGER authorisation_establishments_presence_update AFTER UPDATE ON authorisation_establishments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'presence'; END;
CREATE TRIGGER authorisation_establishments_presence_delete AFTER DELETE ON authorisation_establishments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'presence'; END;
CREATE TRIGGER memberships_presence_insert AFTER INSERT ON memberships
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'presence'; END;
CREATE TRIGGER memberships_presence_update AFTER UPDATE ON memberships
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'presence'; END;
CREATE TRIGGER memberships_presence_delete AFTER DELETE ON memberships
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'presence'; END;
