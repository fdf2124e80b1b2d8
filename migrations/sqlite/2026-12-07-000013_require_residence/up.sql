-- Recognise only members who permanently live at the property, on by
-- default like require_registration: the 2020 process aided the
-- households living there.
ALTER TABLE events ADD COLUMN require_residence BOOLEAN NOT NULL DEFAULT 1;
