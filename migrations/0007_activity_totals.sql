-- Found by `passerelle bench`: a month of activity totals over a whole
-- organisation or the platform summed 60,000 to 160,000 entries on each
-- view. This table keeps those sums per organisation, month, establishment
-- (0: none) and kind, updated by triggers with every write to activities
-- (whichever instance writes), so that totals by establishment, section or
-- month read a few thousand rows. Rows whose entries fall to 0 stay.
CREATE TABLE activity_totals (
    organisation_id BIGINT NOT NULL,
    month TEXT NOT NULL,
    establishment_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    entries BIGINT NOT NULL,
    minutes BIGINT NOT NULL,
    people_met BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, month, establishment_id, kind)
);
CREATE INDEX activity_totals_month_idx ON activity_totals (month);

INSERT INTO activity_totals (organisation_id, month, establishment_id, kind, entries, minutes, people_met)
SELECT organisation_id, SUBSTR(done_on, 1, 7), COALESCE(establishment_id, 0), kind, COUNT(*), SUM(minutes), SUM(people_met)
FROM activities GROUP BY organisation_id, SUBSTR(done_on, 1, 7), COALESCE(establishment_id, 0), kind;
