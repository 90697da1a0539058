-- Found by `passerelle bench` on the European dataset.

-- Lists sorted by name walk this index instead of sorting every person.
CREATE INDEX persons_name_idx ON persons (name);

-- An organisation's activity totals of a month read this index alone.
DROP INDEX activities_organisation_idx;
CREATE INDEX activities_organisation_idx ON activities (organisation_id, done_on, establishment_id, person_id, minutes, people_met);

-- A number bumped (by triggers, whichever instance writes) each time what
-- a derived result depends on changes: a cache of that result stays good
-- while the number is unchanged. `presence`: the volunteers authorised per
-- establishment that the coverage census counts.
CREATE TABLE data_versions (
    name TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_versions (name, version) VALUES ('presence', 0);

-- Every key that refers to a person gets an index: deleting a person
-- checks each of them, and without an index each check reads the table
-- (every activity entry, in the case of activities.recorded_by).
CREATE INDEX activities_recorded_by_idx ON activities (recorded_by);
CREATE INDEX password_resets_person_idx ON password_resets (person_id);
CREATE INDEX authorisation_steps_recorded_by_idx ON authorisation_steps (recorded_by);
CREATE INDEX authorisation_events_recorded_by_idx ON authorisation_events (recorded_by);
CREATE INDEX pending_imports_person_idx ON pending_imports (person_id);
CREATE INDEX referrals_approver_idx ON referrals (approver_id);
CREATE INDEX referral_events_person_idx ON referral_events (person_id);
CREATE INDEX beneficiary_reads_person_idx ON beneficiary_reads (person_id);
