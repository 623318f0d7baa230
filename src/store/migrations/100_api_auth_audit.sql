-- The HTTP API's tables: logins, sessions, API tokens, access grants, the audit log, comments,
-- idempotency keys and the login throttle. Numbered from 100 so the store's own migrations
-- (001…099) never collide with the API's. Forward-only: change by adding 101_…, never by editing.
-- SQL accepted by both PostgreSQL 15 and PGlite 0.5.

-- A person's way in: a login name (unique in the whole installation, compared case-insensitively)
-- and an scrypt hash. Staff without a row here cannot log in (integrations use API tokens).
CREATE TABLE staff_logins (
  staff_id text PRIMARY KEY REFERENCES staff (id),
  org_id text NOT NULL REFERENCES orgs (id),
  login text NOT NULL,
  password_hash text NOT NULL,
  password_changed_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX staff_logins_login ON staff_logins (lower(login));

-- Web sessions. Only a SHA-256 of the cookie value is kept: a leaked table lets nobody in.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  staff_id text NOT NULL REFERENCES staff (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX sessions_staff ON sessions (staff_id);

-- API tokens for integrations: they act as the staff member they belong to. The secret is
-- shown once; only its SHA-256 is kept.
CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  staff_id text NOT NULL REFERENCES staff (id),
  name text NOT NULL,
  secret_hash text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_org ON api_tokens (org_id, created_at);

-- Access levels beyond the work roles of `staff_roles`: organisation admins, managers (of one
-- store, or of every store when scope = '*': the general manager) and auditors (read-only).
CREATE TABLE access_grants (
  org_id text NOT NULL REFERENCES orgs (id),
  staff_id text NOT NULL REFERENCES staff (id),
  -- a store id, or '*' for the whole organisation
  scope text NOT NULL,
  level text NOT NULL CHECK (level IN ('admin', 'manager', 'auditor')),
  CHECK (level <> 'admin' OR scope = '*'),
  PRIMARY KEY (staff_id, scope, level)
);
CREATE INDEX access_grants_org ON access_grants (org_id);

-- Every change made by a person or a token: who, when, what, before/after. Personal data
-- (names, phones, ID numbers) is never copied here: snapshots hold ids and non-personal fields,
-- and `personal` lists which personal fields changed.
CREATE TABLE audit_log (
  seq bigserial PRIMARY KEY,
  org_id text NOT NULL,
  at timestamptz NOT NULL,
  actor_id text NOT NULL,
  -- 'session' or 'token', and which one (a token id; sessions are not named)
  via text NOT NULL,
  token_id text,
  request_id text,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  store_id text,
  before jsonb,
  after jsonb,
  personal jsonb
);
CREATE INDEX audit_log_org ON audit_log (org_id, seq);
CREATE INDEX audit_log_target ON audit_log (org_id, target_type, target_id, seq);
CREATE INDEX audit_log_actor ON audit_log (org_id, actor_id, seq);

-- The audit log is evidence, like the event log: no statement may change or remove it.
CREATE FUNCTION servflow_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only: % on audit_log is not allowed', TG_OP USING ERRCODE = 'SF003';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION servflow_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION servflow_audit_append_only();

CREATE TABLE case_comments (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  case_id text NOT NULL REFERENCES cases (id),
  author_id text NOT NULL REFERENCES staff (id),
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX case_comments_case ON case_comments (case_id, created_at);

-- Replays for POSTs sent again with the same Idempotency-Key: the first answer is stored in the
-- transaction that made the change, so a retry after a lost response gets it back.
CREATE TABLE idempotency_keys (
  org_id text NOT NULL,
  actor_id text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  response jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, actor_id, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

-- Failed logins per login name and per client address, in fixed windows: shared by every
-- servflow process on one database, so adding processes does not multiply the attempts.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  failures integer NOT NULL
);

-- Who is on shift in a store now (the duty roster's "on duty" column; the duty order itself is
-- staff_roles.duty_order). Absent row = on duty, so stores that never use shifts lose nothing.
CREATE TABLE duty (
  org_id text NOT NULL REFERENCES orgs (id),
  store_id text NOT NULL REFERENCES stores (id),
  staff_id text NOT NULL REFERENCES staff (id),
  on_duty boolean NOT NULL,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (store_id, staff_id)
);
