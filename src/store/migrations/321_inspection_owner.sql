-- Inspection follow-ups (320): the staff member who owns the corrective cases of an inspection
-- SOP (their first task is given to them); null leaves it in the corrective SOP's role queue.
ALTER TABLE inspection_settings ADD COLUMN owner_staff_id text REFERENCES staff (id);
