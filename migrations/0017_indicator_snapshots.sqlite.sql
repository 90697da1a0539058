-- Any change to what the indicators count makes their snapshots due for a refresh.
CREATE TRIGGER activities_indicators_insert AFTER INSERT ON activities
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER activities_indicators_update AFTER UPDATE ON activities
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER activities_indicators_delete AFTER DELETE ON activities
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER authorisations_indicators_insert AFTER INSERT ON authorisations
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER authorisations_indicators_update AFTER UPDATE ON authorisations
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER authorisations_indicators_delete AFTER DELETE ON authorisations
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER authorisation_establishments_indicators_insert AFTER INSERT ON authorisation_establishments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER authorisation_establishments_indicators_update AFTER UPDATE ON authorisation_establishments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER authorisation_establishments_indicators_delete AFTER DELETE ON authorisation_establishments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER referrals_indicators_insert AFTER INSERT ON referrals
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER referrals_indicators_update AFTER UPDATE ON referrals
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER referrals_indicators_delete AFTER DELETE ON referrals
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER establishments_indicators_insert AFTER INSERT ON establishments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER establishments_indicators_update AFTER UPDATE ON establishments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER establishments_indicators_delete AFTER DELETE ON establishments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER memberships_indicators_insert AFTER INSERT ON memberships
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER memberships_indicators_update AFTER UPDATE ON memberships
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER memberships_indicators_delete AFTER DELETE ON memberships
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER training_enrolments_indicators_insert AFTER INSERT ON training_enrolments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER training_enrolments_indicators_update AFTER UPDATE ON training_enrolments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER training_enrolments_indicators_delete AFTER DELETE ON training_enrolments
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER training_completions_indicators_insert AFTER INSERT ON training_completions
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER training_completions_indicators_update AFTER UPDATE ON training_completions
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER training_completions_indicators_delete AFTER DELETE ON training_completions
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER training_modules_indicators_insert AFTER INSERT ON training_modules
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER training_modules_indicators_update AFTER UPDATE ON training_modules
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
CREATE TRIGGER training_modules_indicators_delete AFTER DELETE ON training_modules
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'indicators'; END;
