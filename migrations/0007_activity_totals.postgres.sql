-- Statement-level triggers with transition tables: a bulk insert of a
-- million entries updates the totals once, grouped, not a million times.

CREATE FUNCTION activity_totals_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO activity_totals (organisation_id, month, establishment_id, kind, entries, minutes, people_met)
    SELECT organisation_id, SUBSTR(done_on, 1, 7), COALESCE(establishment_id, 0), kind, COUNT(*), SUM(minutes), SUM(people_met)
    FROM new_rows GROUP BY 1, 2, 3, 4
    ON CONFLICT (organisation_id, month, establishment_id, kind) DO UPDATE SET
        entries = activity_totals.entries + EXCLUDED.entries,
        minutes = activity_totals.minutes + EXCLUDED.minutes,
        people_met = activity_totals.people_met + EXCLUDED.people_met;
    RETURN NULL;
END
$$;

CREATE FUNCTION activity_totals_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE activity_totals t SET entries = t.entries - o.entries, minutes = t.minutes - o.minutes,
        people_met = t.people_met - o.people_met
    FROM (SELECT organisation_id, SUBSTR(done_on, 1, 7) AS month, COALESCE(establishment_id, 0) AS establishment_id, kind,
          COUNT(*) AS entries, SUM(minutes) AS minutes, SUM(people_met) AS people_met
          FROM old_rows GROUP BY 1, 2, 3, 4) o
    WHERE t.organisation_id = o.organisation_id AND t.month = o.month
    AND t.establishment_id = o.establishment_id AND t.kind = o.kind;
    RETURN NULL;
END
$$;

CREATE TRIGGER activities_totals_insert AFTER INSERT ON activities
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_totals_added();
CREATE TRIGGER activities_totals_delete AFTER DELETE ON activities
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_totals_removed();
-- An update takes the old rows out and puts the new ones in.
CREATE TRIGGER activities_totals_update_old AFTER UPDATE ON activities
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_totals_removed();
CREATE TRIGGER activities_totals_update_new AFTER UPDATE ON activities
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_totals_added();
