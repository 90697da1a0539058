CREATE FUNCTION bump_presence_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'presence';
    RETURN NULL;
END
$$;
CREATE TRIGGER authorisations_presence AFTER INSERT OR UPDATE OR DELETE ON authorisations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_presence_version();
CREATE TRIGGER authorisation_establishments_presence AFTER INSERT OR UPDATE OR DELETE ON authorisation_establishments
    FOR EACH STATEMENT EXECUTE FUNCTION bump_presence_version();
CREATE TRIGGER memberships_presence AFTER INSERT OR UPDATE OR DELETE ON memberships
    FOR EACH STATEMENT EXECUTE FUNCTION bump_presence_version();
