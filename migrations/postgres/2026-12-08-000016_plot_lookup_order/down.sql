DROP INDEX applications_by_property_key;
DROP INDEX applications_by_cadastral_number;
CREATE INDEX applications_by_property_key ON applications (event_id, property_key);
CREATE INDEX applications_by_cadastral_number ON applications (event_id, cadastral_number);
