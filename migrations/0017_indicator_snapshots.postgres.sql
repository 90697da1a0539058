-- Any change to what the indicators count makes their snapshots due for a refresh.
CREATE FUNCTION bump_indicators_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'indicators';
    RETURN NULL;
END
$$;
CREATE TRIGGER activities_indicators AFTER INSERT OR UPDATE OR DELETE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicators_version();
CREATE TRIGGER authorisations_indicators AFTER INSERT OR UPDATE OR DELETE ON authorisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicators_version();
CREATE TRIGGER authorisation_establishments_indicators AFTER INSERT OR UPDATE OR DELETE ON authorisation_establishments
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicators_version();
CREATE TRIGGER referrals_indicators AFTER INSERT OR UPDATE OR DELETE ON referrals
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicators_version();
CREATE TRIGGER establishments_indicators AFTER INSERT OR UPDATE OR DELETE ON establishments
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicators_version();
CREATE TRIGGER memberships_indicators AFTER INSERT OR UPDATE OR DELETE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicators_version();
CREATE TRIGGER training_enrolments_indicators AFTER INSERT OR UPDATE OR DELETE ON training_enrolments
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicators_version();
CREATE TRIGGER training_completions_indicators AFTER INSERT OR UPDATE OR DELETE ON training_completions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicators_version();
CREATE TRIGGER training_modules_indicators AFTER INSERT OR UPDATE OR DELETE ON training_modules
    FOR EACH STATEMENT EXECUTE FUNCTION bump_indicators_version();
