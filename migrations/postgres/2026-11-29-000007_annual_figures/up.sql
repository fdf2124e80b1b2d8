-- Yearly totals the system does not hold itself (years before it was in
-- use, appeals on other subjects), entered by an administrator; the annual
-- report labels them as entered.
CREATE TABLE annual_figures (
    year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2200),
    metric TEXT NOT NULL CHECK (metric IN ('appeals', 'examined_on_site', 'recognized')),
    value BIGINT NOT NULL CHECK (value >= 0),
    entered_by BIGINT NOT NULL REFERENCES users (id),
    entered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (year, metric)
);
