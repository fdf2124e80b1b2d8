-- The extent of the loss the inspection found, which require_full_loss
-- reads instead of the extent the applicant declared. Acts recorded before
-- this change took the declared extent when they confirmed the loss, and
-- found none when they did not.
ALTER TABLE inspections ADD COLUMN loss_extent_found TEXT
    CHECK (loss_extent_found IN ('full', 'partial', 'none'));
UPDATE inspections SET loss_extent_found = CASE outcome
    WHEN 'loss_confirmed' THEN
        (SELECT a.loss_extent FROM applications a WHERE a.id = inspections.application_id)
    WHEN 'loss_not_confirmed' THEN 'none'
END
WHERE outcome IN ('loss_confirmed', 'loss_not_confirmed');
