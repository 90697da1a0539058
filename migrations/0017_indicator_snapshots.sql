-- The figures of a comparison as last computed, kept so that a page of
-- indicators reads them rather than recounting a year of activity at
-- European scale. One row per places compared (see `Places::code`), period
-- and measure. A period still open is refreshed by the scheduler when the
-- data changed (`data_versions`, name `indicators`); a period closed when
-- it was computed stays frozen, and is flagged (`changed_at`) when a later
-- check finds that the data under it changed, until someone counts it again.
CREATE TABLE indicator_snapshots (
    places TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    measure TEXT NOT NULL,
    -- The last day counted: the period's last, or the day it was computed on.
    through TEXT NOT NULL,
    -- Per place: the count, or the durations counted per number of days.
    figures TEXT NOT NULL,
    version BIGINT NOT NULL,
    computed_at TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    changed_at TEXT,
    -- An instance refreshing the row holds it until then.
    refreshing_until TEXT,
    -- The last day someone read the figures: only figures read lately are
    -- refreshed, and those nobody read for long are forgotten.
    viewed_on TEXT NOT NULL,
    PRIMARY KEY (places, period_from, period_to, measure)
);
CREATE INDEX indicator_snapshots_viewed_idx ON indicator_snapshots (viewed_on);
INSERT INTO data_versions (name, version) VALUES ('indicators', 0);
