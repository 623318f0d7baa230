-- Recurring cases, complaints, satisfaction surveys and inspection follow-ups (issue 4, part 3):
-- numbered 320–329. Forward-only. SQL accepted by both PostgreSQL 15 and PGlite 0.5.
-- No personal data here: customers are referred to by id only.

-- An SOP's `schedules` run in a store from `since` on (the RRULE's DTSTART). Nothing runs
-- until a manager switches it on for a store.
CREATE TABLE schedule_activations (
  org_id text NOT NULL REFERENCES orgs (id),
  process_key text NOT NULL,
  store_id text NOT NULL REFERENCES stores (id),
  since timestamptz NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, process_key, store_id)
);

-- One row per occurrence of a rule (and per customer, for rules expanded over a customer class):
-- the primary key is what keeps two workers from starting one occurrence twice. `case_id` is
-- null for occurrences skipped after downtime (only the latest missed one is started).
CREATE TABLE schedule_runs (
  org_id text NOT NULL REFERENCES orgs (id),
  process_key text NOT NULL,
  store_id text NOT NULL,
  rrule text NOT NULL,
  occurrence timestamptz NOT NULL,
  -- '' for rules that start one case per occurrence
  customer_id text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('started', 'skipped', 'failed')),
  case_id text REFERENCES cases (id),
  error text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, process_key, store_id, rrule, occurrence, customer_id)
);
CREATE INDEX schedule_runs_latest ON schedule_runs (org_id, process_key, store_id, rrule, occurrence DESC);

-- Per-organisation complaint settings: the complaint SOP and the repeat window.
CREATE TABLE complaint_settings (
  org_id text PRIMARY KEY REFERENCES orgs (id),
  process_key text NOT NULL,
  repeat_window_days integer NOT NULL CHECK (repeat_window_days BETWEEN 1 AND 365),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- A complaint is a case of the complaint SOP; this row adds what the reports group by.
CREATE TABLE complaints (
  case_id text PRIMARY KEY REFERENCES cases (id),
  org_id text NOT NULL REFERENCES orgs (id),
  store_id text NOT NULL REFERENCES stores (id),
  customer_id text NOT NULL,
  -- normalised (trimmed, lower case) so "Shower 3" and "shower 3 " are the same subject
  subject text NOT NULL,
  severity text NOT NULL,
  -- the earlier complaint (same customer, same subject, within the window) this one repeats
  repeat_of text REFERENCES cases (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX complaints_repeat ON complaints (org_id, customer_id, subject, created_at);
CREATE INDEX complaints_store ON complaints (org_id, store_id, created_at);

-- Survey answers: one per case (the survey link is a one-time public token, purpose 'survey').
CREATE TABLE survey_responses (
  case_id text PRIMARY KEY REFERENCES cases (id),
  org_id text NOT NULL REFERENCES orgs (id),
  store_id text,
  -- who served: the staff who completed a step of the case
  staff_ids text[] NOT NULL,
  csat integer NOT NULL CHECK (csat BETWEEN 1 AND 5),
  nps integer CHECK (nps BETWEEN 0 AND 10),
  comment text,
  recovery_case_id text REFERENCES cases (id),
  answered_at timestamptz NOT NULL
);
CREATE INDEX survey_responses_store ON survey_responses (org_id, store_id, answered_at);

-- Inspection follow-ups: an SOP whose checklists are inspections, and the corrective SOP that a
-- failed item opens, with the deadline given to its owner.
CREATE TABLE inspection_settings (
  org_id text NOT NULL REFERENCES orgs (id),
  process_key text NOT NULL,
  corrective_process text NOT NULL,
  due_hours integer NOT NULL CHECK (due_hours BETWEEN 1 AND 2160),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, process_key)
);

-- One corrective case per failed checklist item of a completed inspection task.
CREATE TABLE corrective_actions (
  task_id text NOT NULL REFERENCES tasks (id),
  item_id text NOT NULL,
  org_id text NOT NULL REFERENCES orgs (id),
  inspection_case_id text NOT NULL REFERENCES cases (id),
  case_id text NOT NULL REFERENCES cases (id),
  owner_staff_id text,
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (task_id, item_id)
);
CREATE INDEX corrective_actions_inspection ON corrective_actions (inspection_case_id);
