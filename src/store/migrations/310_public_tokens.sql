-- One-time, expiring links for people without a login (a customer's case-status page, a
-- satisfaction survey): numbered 310–319 (appointments and public pages). Forward-only.
-- SQL accepted by both PostgreSQL 15 and PGlite 0.5.
-- Only the SHA-256 of the secret is kept: a leaked table opens no page. `purpose` keeps a survey
-- link from opening a status page and the other way round.
CREATE TABLE public_tokens (
  hash text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  purpose text NOT NULL CHECK (purpose ~ '^[a-z][a-z0-9-]{0,39}$'),
  -- what the link opens: ('case', <case id>), ('appointment', <id>)…
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at),
  -- set by consume(): a consumed token opens nothing any more
  consumed_at timestamptz,
  revoked_at timestamptz,
  -- reads through verify() (status pages may be opened several times until they expire)
  uses integer NOT NULL DEFAULT 0,
  last_used_at timestamptz
);
CREATE INDEX public_tokens_subject ON public_tokens (org_id, subject_type, subject_id);
CREATE INDEX public_tokens_expiry ON public_tokens (expires_at);

-- Requests to the no-login pages per client address and store, in fixed windows (shared by
-- every servflow process on the database, like login_throttle).
CREATE TABLE public_rate (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL
);
