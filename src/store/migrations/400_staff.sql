-- Staff: training, certification, appraisal and commission (docs/staff.md). Numbered 400–409.
-- Forward-only. SQL accepted by both PostgreSQL 15 and PGlite 0.5.

-- What a certificate is needed for, besides a step's own `certificate:` in the SOP: a step of a
-- process (node set), or every step of a role in a process (node null), or a role in every
-- process (process_key '*').
CREATE TABLE staff_cert_requirements (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  process_key text NOT NULL,
  node text,
  role text,
  cert_type text NOT NULL,
  created_at timestamptz NOT NULL,
  CHECK (node IS NOT NULL OR role IS NOT NULL)
);
CREATE INDEX staff_cert_requirements_org ON staff_cert_requirements (org_id);

-- A certificate (上岗证) held by a person: valid from issued_at until expires_at (null = no
-- expiry) unless revoked. Renewing adds a new row; the old one stays as history.
CREATE TABLE staff_certificates (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  staff_id text NOT NULL REFERENCES staff (id),
  cert_type text NOT NULL,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz,
  revoked_at timestamptz,
  issued_by text NOT NULL,
  renews text REFERENCES staff_certificates (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX staff_certificates_staff ON staff_certificates (staff_id, cert_type);

-- Why automatic assignment passed somebody over (or found nobody): the manager's "why".
CREATE TABLE staff_assign_skips (
  id bigserial PRIMARY KEY,
  org_id text NOT NULL,
  case_id text NOT NULL,
  task_id text NOT NULL,
  -- null: nobody certified held the role, the task waits in the queue
  staff_id text,
  cert_type text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('missing', 'expired', 'revoked', 'nobody-certified')),
  at timestamptz NOT NULL
);
CREATE INDEX staff_assign_skips_task ON staff_assign_skips (task_id);

-- Quiz questions a manager writes for a role of a process (generated ones are not stored).
CREATE TABLE staff_quiz_questions (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  process_key text NOT NULL,
  role text NOT NULL,
  question jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX staff_quiz_questions_role ON staff_quiz_questions (org_id, process_key, role);

-- A scored quiz attempt; `version` is the SOP version studied (re-learning after a new version).
CREATE TABLE staff_quiz_attempts (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  staff_id text NOT NULL REFERENCES staff (id),
  process_key text NOT NULL,
  version integer NOT NULL,
  role text NOT NULL,
  answers jsonb NOT NULL,
  score integer NOT NULL,
  total integer NOT NULL,
  passed boolean NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX staff_quiz_attempts_staff ON staff_quiz_attempts (org_id, staff_id, process_key);

-- A practical check (S19 tray and pouring, S18 conference set-up) signed off by a supervisor.
CREATE TABLE staff_practical_signoffs (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  staff_id text NOT NULL REFERENCES staff (id),
  process_key text NOT NULL,
  version integer NOT NULL,
  node text NOT NULL,
  passed boolean NOT NULL,
  note text,
  signed_by text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX staff_practical_signoffs_staff ON staff_practical_signoffs (org_id, staff_id, process_key);

-- The organisation's appraisal and commission rules (one JSON document per organisation, with
-- FEEL expressions in it; see src/staff/appraisal/rules.ts).
CREATE TABLE staff_appraisal_rules (
  org_id text PRIMARY KEY REFERENCES orgs (id),
  rules jsonb NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Base bonus per person (yuan), the amount deductions come off and rewards add to.
CREATE TABLE staff_base_bonus (
  org_id text NOT NULL REFERENCES orgs (id),
  staff_id text NOT NULL REFERENCES staff (id),
  amount numeric NOT NULL,
  PRIMARY KEY (org_id, staff_id)
);

-- A computed appraisal sheet per person and period; supervisor scores and the sign-off are
-- written onto it (every change is in the audit log).
CREATE TABLE staff_appraisals (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  staff_id text NOT NULL REFERENCES staff (id),
  store_id text,
  period_from timestamptz NOT NULL,
  period_to timestamptz NOT NULL,
  sheet jsonb NOT NULL,
  supervisor_score numeric,
  total numeric NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'signed')),
  signed_by text,
  signed_at timestamptz,
  computed_at timestamptz NOT NULL,
  UNIQUE (org_id, staff_id, period_from, period_to)
);
CREATE INDEX staff_appraisals_period ON staff_appraisals (org_id, period_from, period_to);
