ALTER TABLE inspections DROP COLUMN loss_extent_found;
