-- Notification channels and signed webhooks (src/notify). Numbered 330–339 for this area.
-- Forward-only: change by adding 331_…, never by editing. SQL accepted by PostgreSQL 15 and PGlite.

-- How staff are reached: e-mail, mobile phone (SMS) and WeCom user id. Kept beside the staff
-- record (not in it) so the staff directory stays free of contact data; audit entries name the
-- changed fields, never their values.
CREATE TABLE staff_contacts (
  staff_id text PRIMARY KEY REFERENCES staff (id),
  org_id text NOT NULL REFERENCES orgs (id),
  email text,
  phone text,
  wecom_user_id text,
  updated_at timestamptz NOT NULL
);
CREATE INDEX staff_contacts_org ON staff_contacts (org_id);

-- One row per organisation and channel kind: its settings (non-secret, returned by the API)
-- and its secret (SMTP password, API key; only ever returned masked).
CREATE TABLE notify_channels (
  org_id text NOT NULL REFERENCES orgs (id),
  kind text NOT NULL CHECK (kind IN ('email', 'sms', 'wecom')),
  enabled boolean NOT NULL DEFAULT true,
  settings jsonb NOT NULL,
  secret text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, kind)
);

-- Which notification reason goes to which channels ('*' = every reason without its own entry).
CREATE TABLE notify_routes (
  org_id text NOT NULL REFERENCES orgs (id),
  reason text NOT NULL,
  channels text[] NOT NULL,
  PRIMARY KEY (org_id, reason)
);

-- What was already sent for a notification, per channel and recipient: a retry of the
-- notification (another channel failed) never sends the same message twice.
CREATE TABLE notification_sends (
  notification_id bigint NOT NULL REFERENCES notifications (id),
  channel text NOT NULL,
  staff_id text NOT NULL,
  org_id text NOT NULL,
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (notification_id, channel, staff_id)
);

-- Webhook subscriptions: where to POST which event types, and the HMAC secret.
CREATE TABLE webhook_subscriptions (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  url text NOT NULL,
  -- 'case.start', 'task.complete', 'case.*', '*' …
  event_types text[] NOT NULL,
  secret text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'paused', 'deleted')),
  description text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX webhook_subscriptions_org ON webhook_subscriptions (org_id) WHERE status <> 'deleted';

-- One delivery per (subscription, event): its id is the idempotency key the receiver sees
-- (X-Servflow-Delivery). Written by a trigger in the transaction that appends the event, so
-- an event is never lost to a crash between the two. pending → sending (leased) → delivered |
-- failed (given up) | pending again (retry at next_attempt_at).
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  org_id text NOT NULL,
  subscription_id text NOT NULL REFERENCES webhook_subscriptions (id),
  event_seq bigint NOT NULL,
  event_type text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  UNIQUE (subscription_id, event_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_leased ON webhook_deliveries (locked_until) WHERE status = 'sending';
CREATE INDEX webhook_deliveries_sub ON webhook_deliveries (subscription_id, event_seq DESC);

-- Every HTTP attempt of a delivery: the delivery log.
CREATE TABLE webhook_attempts (
  delivery_id text NOT NULL REFERENCES webhook_deliveries (id),
  attempt integer NOT NULL,
  org_id text NOT NULL,
  at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  response_status integer,
  error text,
  PRIMARY KEY (delivery_id, attempt)
);

-- The webhook type of an event: case.<lifecycle>, task.<lifecycle> (steps with a task),
-- step.<lifecycle> (timers, services, gateways), sla.<lifecycle>.
CREATE FUNCTION servflow_webhook_event_type(scope text, task_id text, lifecycle text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE WHEN scope = 'step' AND task_id IS NOT NULL THEN 'task' ELSE scope END) || '.' || lifecycle
$$;

-- Fan-out of appended events to matching active subscriptions, once per statement.
CREATE FUNCTION servflow_webhook_fanout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (id, org_id, subscription_id, event_seq, event_type, status, next_attempt_at, created_at)
  SELECT 'whd_' || s.id || '_' || e.seq, e.org_id, s.id, e.seq, t.type, 'pending', e.at, e.at
    FROM new_events e
    CROSS JOIN LATERAL (SELECT servflow_webhook_event_type(e.scope, e.task_id, e.lifecycle) AS type) t
    JOIN webhook_subscriptions s ON s.org_id = e.org_id AND s.status IN ('active', 'paused')
   WHERE t.type = ANY (s.event_types) OR '*' = ANY (s.event_types)
      OR (split_part(t.type, '.', 1) || '.*') = ANY (s.event_types)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER events_webhook_fanout AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION servflow_webhook_fanout();
