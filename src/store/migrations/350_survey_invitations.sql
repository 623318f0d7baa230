-- Satisfaction surveys sent after a case (src/surveys/after-case.ts): numbered 350–359.
-- Forward-only. SQL accepted by both PostgreSQL 15 and PGlite 0.5.

-- Which SOPs send a survey link to the customer when a case completes, how (channels in order
-- of preference), how long the link lives, after how many minutes it goes out, and the public
-- address the link points to (the customer opens <link_base>/survey/<token> on a phone).
CREATE TABLE survey_settings (
  org_id text NOT NULL REFERENCES orgs (id),
  process_key text NOT NULL,
  channels text[] NOT NULL CHECK (cardinality(channels) > 0 AND channels <@ ARRAY['sms', 'email']),
  ttl_days integer NOT NULL CHECK (ttl_days BETWEEN 1 AND 90),
  delay_minutes integer NOT NULL CHECK (delay_minutes BETWEEN 0 AND 10080),
  link_base text NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, process_key)
);

-- The customer-facing outbox of survey links: one row per completed case of a surveyed SOP
-- (the primary key is what makes it once per case). pending → sending (leased) → sent |
-- skipped (no customer, no consent, no contact, no channel, already answered) | failed (gave
-- up) | pending again (retry at next_attempt_at). No personal data: the address is looked up
-- when sending; `last_error` may echo one and is cleared by a customer erasure.
CREATE TABLE survey_invitations (
  case_id text PRIMARY KEY REFERENCES cases (id),
  org_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  channel text,
  expires_at timestamptz,
  skip_reason text,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX survey_invitations_due ON survey_invitations (next_attempt_at) WHERE status = 'pending';
CREATE INDEX survey_invitations_leased ON survey_invitations (locked_until) WHERE status = 'sending';

-- Made in the transaction that appends the case's completion event (like webhook deliveries,
-- migration 330): a crash can lose neither, a retried completion appends no second event, and
-- two workers cannot both make one. Costs one join with the (small) settings table per
-- statement that appends events; only case completions of surveyed SOPs insert.
CREATE FUNCTION servflow_survey_invite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO survey_invitations (case_id, org_id, status, next_attempt_at, created_at)
  SELECT e.case_id, e.org_id, 'pending', e.at + s.delay_minutes * interval '1 minute', e.at
    FROM new_events e
    JOIN survey_settings s ON s.org_id = e.org_id AND s.process_key = e.process_key
   WHERE e.scope = 'case' AND e.lifecycle = 'complete'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER events_survey_invite AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION servflow_survey_invite();
