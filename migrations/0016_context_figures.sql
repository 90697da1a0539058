-- Figures about each country's prisons from outside Passerelle (the
-- Council of Europe's SPACE I survey, a national statistics office), per
-- year and source, so that a country with partial data in Passerelle can
-- still be placed beside the others. Imported from CSV: importing the same
-- country, year and source again replaces its figures.
CREATE TABLE context_figures (
    country TEXT NOT NULL REFERENCES countries (code),
    year BIGINT NOT NULL,
    source TEXT NOT NULL,
    prison_population BIGINT,
    capacity BIGINT,
    inhabitants BIGINT,
    source_url TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (country, year, source)
);
CREATE INDEX context_figures_year_idx ON context_figures (year);
