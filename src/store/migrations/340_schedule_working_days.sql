-- Schedules that start cases only on the store's working days (src/schedules/working-days.ts):
-- an occurrence on a day the store's business calendar has no opening hours (a CN statutory
-- holiday, a weekend that is not an adjusted working day, a closed date) is not started.
-- Forward-only; numbered 340–349 for this area.
ALTER TABLE schedule_activations ADD COLUMN skip_non_working_days boolean NOT NULL DEFAULT false;
