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

-- Deleting or merging a person checks this key; without the index each
-- check reads every activity entry.
CREATE INDEX activities_recorded_by_idx ON activities (recorded_by);
