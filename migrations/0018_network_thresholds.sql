-- Each network sets how small a count of people its published figures
-- hide (never under the platform's 5); a publication keeps the threshold
-- it was suppressed with.
ALTER TABLE networks ADD COLUMN suppression_threshold BIGINT NOT NULL DEFAULT 5;
ALTER TABLE indicator_publications ADD COLUMN threshold BIGINT NOT NULL DEFAULT 5;
