-- A plot's earlier applications are read in filing order, the first few
-- only. Indexed on the key alone, SQLite walked the whole event in number
-- order (applications_by_number) to spare a sort, and filing slowed as the
-- event filled: 4,000 a second fell to 400 at 14,000 applications. With the
-- number after the key, one index answers both the key and the order.
DROP INDEX applications_by_property_key;
DROP INDEX applications_by_cadastral_number;
CREATE INDEX applications_by_property_key ON applications (event_id, property_key, seq);
CREATE INDEX applications_by_cadastral_number ON applications (event_id, cadastral_number, seq);
