-- Complaints about people (issue 9): who a complaint is about, so the monthly appraisal counts
-- complaints per person, not only per store. Numbered 410–419. Forward-only; SQL accepted by
-- both PostgreSQL 15 and PGlite 0.5.

-- The served case a complaint is about (null when it names none), and a manager's finding:
-- upheld (the complaint was justified) true / false, null while nobody has decided.
ALTER TABLE complaints ADD COLUMN about_case_id text REFERENCES cases (id);
ALTER TABLE complaints ADD COLUMN upheld boolean;

-- The staff a complaint is about: taken from the case it names (who served it) or chosen by the
-- person filing it or a manager of the store. Goes with the complaint.
CREATE TABLE complaint_staff (
  case_id text NOT NULL REFERENCES complaints (case_id) ON DELETE CASCADE,
  org_id text NOT NULL REFERENCES orgs (id),
  staff_id text NOT NULL REFERENCES staff (id),
  source text NOT NULL CHECK (source IN ('case', 'chosen')),
  PRIMARY KEY (case_id, staff_id)
);
CREATE INDEX complaint_staff_staff ON complaint_staff (org_id, staff_id);

-- Who watched a practical check, when it is not the manager recording the sign-off.
ALTER TABLE staff_practical_signoffs ADD COLUMN assessor_id text REFERENCES staff (id);
