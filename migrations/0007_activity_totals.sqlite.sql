CREATE TRIGGER activities_totals_insert AFTER INSERT ON activities
BEGIN
    INSERT INTO activity_totals (organisation_id, month, establishment_id, kind, entries, minutes, people_met)
    VALUES (NEW.organisation_id, SUBSTR(NEW.done_on, 1, 7), COALESCE(NEW.establishment_id, 0), NEW.kind, 1, NEW.minutes, NEW.people_met)
    ON CONFLICT (organisation_id, month, establishment_id, kind) DO UPDATE SET
        entries = entries + 1, minutes = minutes + excluded.minutes, people_met = people_met + excluded.people_met;
END;
CREATE TRIGGER activities_totals_delete AFTER DELETE ON activities
BEGIN
    UPDATE activity_totals SET entries = entries - 1, minutes = minutes - OLD.minutes, people_met = people_met - OLD.people_met
    WHERE organisation_id = OLD.organisation_id AND month = SUBSTR(OLD.done_on, 1, 7)
    AND establishment_id = COALESCE(OLD.establishment_id, 0) AND kind = OLD.kind;
END;
CREATE TRIGGER activities_totals_update AFTER UPDATE ON activities
BEGIN
    UPDATE activity_totals SET entries = entries - 1, minutes = minutes - OLD.minutes, people_met = people_met - OLD.people_met
    WHERE organisation_id = OLD.organisation_id AND month = SUBSTR(OLD.done_on, 1, 7)
    AND establishment_id = COALESCE(OLD.establishment_id, 0) AND kind = OLD.kind;
    INSERT INTO activity_totals (organisation_id, month, establishment_id, kind, entries, minutes, people_met)
    VALUES (NEW.organisation_id, SUBSTR(NEW.done_on, 1, 7), COALESCE(NEW.establishment_id, 0), NEW.kind, 1, NEW.minutes, NEW.people_met)
    ON CONFLICT (organisation_id, month, establishment_id, kind) DO UPDATE SET
        entries = entries + 1, minutes = minutes + excluded.minutes, people_met = people_met + excluded.people_met;
END;
