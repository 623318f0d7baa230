-- servflow core schema. Forward-only: never edit this file once released; add 002_… instead.
-- SQL accepted by both PostgreSQL 15 (servers) and PGlite 0.5 (PostgreSQL 18).
-- Times are timestamptz; ids are text (UUIDs in production, readable counters in tests).
-- Every table holding a tenant's data carries org_id, so the API can filter on it everywhere.

CREATE TABLE orgs (
  id text PRIMARY KEY,
  name text NOT NULL,
  time_zone text NOT NULL DEFAULT 'Asia/Shanghai',
  -- Named business calendars (name → CalendarSpec) that SOPs may refer to by name.
  calendars jsonb NOT NULL DEFAULT '{}',
  -- Bumped whenever `calendars` changes: engines cache the arithmetic by revision.
  calendars_rev integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL
);

CREATE TABLE stores (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  name text NOT NULL,
  time_zone text NOT NULL,
  -- This store's opening hours (CalendarSpec); null = the organisation's "default" or 24/7.
  calendar jsonb,
  calendar_rev integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL
);
CREATE INDEX stores_org ON stores (org_id);

CREATE TABLE staff (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL
);
CREATE INDEX staff_org ON staff (org_id);

-- Who may do which role in which store, in duty order (轮流接待: the order of the rotation).
CREATE TABLE staff_roles (
  org_id text NOT NULL,
  store_id text NOT NULL REFERENCES stores (id),
  role text NOT NULL,
  staff_id text NOT NULL REFERENCES staff (id),
  duty_order integer NOT NULL,
  PRIMARY KEY (store_id, role, staff_id)
);
CREATE INDEX staff_roles_staff ON staff_roles (staff_id);

-- The rotation pointer: who got the last task of this role here; the next in duty order is next.
-- Keyed by the person rather than a position so adding or removing staff doesn't skip anyone.
CREATE TABLE rotations (
  org_id text NOT NULL,
  -- a store id, or '*' for cases without a store (organisation-wide rotation)
  scope text NOT NULL,
  role text NOT NULL,
  last_staff_id text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, scope, role)
);

CREATE TABLE customers (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  name text,
  -- the account manager (customerOwner assignment)
  owner_staff_id text REFERENCES staff (id),
  tier text,
  created_at timestamptz NOT NULL
);
CREATE INDEX customers_org ON customers (org_id);

CREATE TABLE definitions (
  org_id text NOT NULL REFERENCES orgs (id),
  key text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
  format text NOT NULL CHECK (format IN ('yaml', 'bpmn', 'json')),
  source text NOT NULL,
  -- CompiledProcess as JSON: what the engine runs.
  compiled jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  published_at timestamptz,
  retired_at timestamptz,
  PRIMARY KEY (org_id, key, version)
);

-- Published versions are immutable (running cases keep their version): only draft → published
-- → retired moves are allowed, and the content of a non-draft row never changes.
CREATE FUNCTION servflow_definitions_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'definition % v% is %: only drafts can be deleted', OLD.key, OLD.version, OLD.status USING ERRCODE = 'SF001';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (NEW.source IS DISTINCT FROM OLD.source OR NEW.compiled IS DISTINCT FROM OLD.compiled
      OR NEW.format IS DISTINCT FROM OLD.format OR NEW.key IS DISTINCT FROM OLD.key
      OR NEW.version IS DISTINCT FROM OLD.version OR NEW.org_id IS DISTINCT FROM OLD.org_id) THEN
    RAISE EXCEPTION 'definition % v% is %: published versions are immutable, save a new version', OLD.key, OLD.version, OLD.status USING ERRCODE = 'SF001';
  END IF;
  IF (OLD.status = 'published' AND NEW.status = 'draft') OR (OLD.status = 'retired' AND NEW.status <> 'retired') THEN
    RAISE EXCEPTION 'definition % v% cannot go from % back to %', OLD.key, OLD.version, OLD.status, NEW.status USING ERRCODE = 'SF001';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER definitions_guard BEFORE UPDATE OR DELETE ON definitions
  FOR EACH ROW EXECUTE FUNCTION servflow_definitions_guard();

CREATE TABLE cases (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  process_key text NOT NULL,
  process_version integer NOT NULL,
  store_id text REFERENCES stores (id),
  customer_id text,
  parent_case_id text REFERENCES cases (id),
  status text NOT NULL CHECK (status IN ('active', 'completed', 'cancelled', 'failed')),
  priority integer NOT NULL,
  -- The engine's CaseState; the columns around it mirror what lists and dashboards filter on.
  state jsonb NOT NULL,
  -- Optimistic concurrency: +1 per command.
  version integer NOT NULL,
  sla_due_at timestamptz,
  sla_state text CHECK (sla_state IN ('ok', 'warning', 'breached')),
  outcome text,
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  updated_at timestamptz NOT NULL,
  updated_by text,
  FOREIGN KEY (org_id, process_key, process_version) REFERENCES definitions (org_id, key, version)
) WITH (fillfactor = 80);
-- fillfactor: every command rewrites its case row; free room on the page lets PostgreSQL keep
-- the new version there (a HOT update) without touching the indexes, when no indexed column
-- changed — the usual case mid-process.
CREATE INDEX cases_org_status ON cases (org_id, status, started_at);
CREATE INDEX cases_process ON cases (org_id, process_key, process_version);
CREATE INDEX cases_customer ON cases (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX cases_parent ON cases (parent_case_id) WHERE parent_case_id IS NOT NULL;
CREATE INDEX cases_sla ON cases (org_id, sla_due_at) WHERE status = 'active' AND sla_due_at IS NOT NULL;

-- A queryable mirror of every task, open and closed (the engine state keeps only open ones).
CREATE TABLE tasks (
  id text PRIMARY KEY,
  org_id text NOT NULL,
  case_id text NOT NULL REFERENCES cases (id),
  store_id text,
  process_key text NOT NULL,
  node text NOT NULL,
  role text NOT NULL,
  assignee text,
  status text NOT NULL CHECK (status IN ('open', 'claimed', 'completed', 'cancelled')),
  priority integer NOT NULL,
  waiting_for_customer boolean NOT NULL DEFAULT false,
  due_at timestamptz,
  warn_at timestamptz,
  sla_state text CHECK (sla_state IN ('ok', 'warning', 'breached')),
  created_at timestamptz NOT NULL,
  claimed_at timestamptz,
  -- when and by whom the task was completed (status completed) or withdrawn (status cancelled)
  closed_at timestamptz,
  closed_by text,
  -- form values and checklist outcome of a completed task
  result jsonb
);
-- Role inboxes: open work of a role in a store, most urgent first.
CREATE INDEX tasks_queue ON tasks (org_id, store_id, role, priority DESC, created_at) WHERE status IN ('open', 'claimed');
-- "My tasks" and least-loaded assignment.
CREATE INDEX tasks_assignee ON tasks (assignee) WHERE status IN ('open', 'claimed');
CREATE INDEX tasks_case ON tasks (case_id);

-- Deferred work: timers, SLA points, service calls, results for other cases (deliver).
CREATE TABLE jobs (
  id text PRIMARY KEY,
  org_id text NOT NULL,
  case_id text NOT NULL REFERENCES cases (id),
  kind text NOT NULL CHECK (kind IN ('timer', 'sla', 'service', 'deliver')),
  -- pending → (running: a leased service call) → done | cancelled | failed
  status text NOT NULL CHECK (status IN ('pending', 'running', 'done', 'cancelled', 'failed')),
  due_at timestamptz NOT NULL,
  -- the engine's JobSpec
  payload jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  locked_by text,
  last_error text,
  created_at timestamptz NOT NULL,
  done_at timestamptz
);
-- The claim query reads this index in due order and skips locked rows.
CREATE INDEX jobs_due ON jobs (due_at) WHERE status = 'pending';
-- Expired leases of service calls whose worker died.
CREATE INDEX jobs_leased ON jobs (locked_until) WHERE status = 'running';
CREATE INDEX jobs_case ON jobs (case_id);

-- The append-only event log, XES-shaped: case, activity, lifecycle, timestamp, resource, attributes.
CREATE TABLE events (
  seq bigserial PRIMARY KEY,
  org_id text NOT NULL,
  case_id text NOT NULL,
  process_key text NOT NULL,
  process_version integer NOT NULL,
  -- step, case or sla
  scope text NOT NULL,
  -- the node id (or the process key for case events); names come from the definition
  activity text NOT NULL,
  -- XES standard lifecycle transition, or warning/breach/escalation/data
  lifecycle text NOT NULL,
  at timestamptz NOT NULL,
  resource text,
  task_id text,
  attrs jsonb
);
CREATE INDEX events_case ON events (case_id, seq);
CREATE INDEX events_process ON events (org_id, process_key, seq);

-- The log is evidence: no statement may change or remove what was written.
CREATE FUNCTION servflow_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the event log is append-only: % on events is not allowed', TG_OP USING ERRCODE = 'SF002';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION servflow_events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION servflow_events_append_only();

-- Notifications waiting for delivery (the outbox); channels deliver them and mark them.
CREATE TABLE notifications (
  id bigserial PRIMARY KEY,
  org_id text NOT NULL,
  case_id text NOT NULL,
  task_id text,
  store_id text,
  to_staff text,
  to_role text,
  reason text NOT NULL,
  message jsonb,
  status text NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  CHECK (to_staff IS NOT NULL OR to_role IS NOT NULL)
);
CREATE INDEX notifications_pending ON notifications (created_at) WHERE status = 'pending';
CREATE INDEX notifications_leased ON notifications (locked_until) WHERE status = 'sending';
