-- Appointments (issue 4): bookable services per store, rooms/resources with a capacity,
-- appointments, and their reminder jobs. Numbered 310–319. Forward-only.
-- SQL accepted by both PostgreSQL 15 and PGlite 0.5.

-- A room, bay or chair shared by appointments: at most `capacity` of them at any instant.
CREATE TABLE appointment_resources (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  store_id text NOT NULL REFERENCES stores (id),
  name text NOT NULL,
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  created_at timestamptz NOT NULL
);
CREATE INDEX appointment_resources_store ON appointment_resources (org_id, store_id);

-- What a customer can book in a store: how long it takes, which work role serves it (staff
-- come from the store's duty roster), the room it needs, and the SOP started at check-in.
CREATE TABLE appointment_services (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  store_id text NOT NULL REFERENCES stores (id),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  duration_min integer NOT NULL CHECK (duration_min BETWEEN 5 AND 720),
  -- free slots start every `slot_step_min` minutes from the opening of each open interval
  slot_step_min integer NOT NULL DEFAULT 30 CHECK (slot_step_min BETWEEN 5 AND 240),
  role text NOT NULL,
  resource_id text REFERENCES appointment_resources (id),
  -- the SOP (definition key) whose case check-in starts; null: check-in starts none
  process_key text,
  -- the local time the day before when the reminder/reconfirmation goes out
  reminder_time text NOT NULL DEFAULT '18:00' CHECK (reminder_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  -- offered on the store's public booking page
  public boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL
);
CREATE INDEX appointment_services_store ON appointment_services (org_id, store_id);

CREATE TABLE appointments (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  store_id text NOT NULL REFERENCES stores (id),
  service_id text NOT NULL REFERENCES appointment_services (id),
  staff_id text NOT NULL REFERENCES staff (id),
  resource_id text REFERENCES appointment_resources (id),
  customer_id text REFERENCES customers (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  CHECK (ends_at > starts_at),
  status text NOT NULL CHECK (status IN ('booked', 'confirmed', 'checked_in', 'cancelled', 'no_show')),
  -- 'staff' (booked by a person signed in) or 'public' (the store's booking page)
  source text NOT NULL CHECK (source IN ('staff', 'public')),
  case_id text REFERENCES cases (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX appointments_store_time ON appointments (org_id, store_id, starts_at);
CREATE INDEX appointments_staff_time ON appointments (staff_id, starts_at) WHERE status IN ('booked', 'confirmed', 'checked_in');
CREATE INDEX appointments_resource_time ON appointments (resource_id, starts_at) WHERE resource_id IS NOT NULL AND status IN ('booked', 'confirmed', 'checked_in');
CREATE INDEX appointments_customer ON appointments (customer_id) WHERE customer_id IS NOT NULL;

-- No double booking, whoever writes the row: a staff member serves one live appointment at a
-- time, and a resource holds at most its capacity at any instant. The staff (resource) row is
-- locked first, so two concurrent bookings for the same person queue here and the second sees
-- the first once it committed (READ COMMITTED takes a new snapshot per statement).
-- Rejected: an exclusion constraint over tstzrange — it needs btree_gist, which PGlite does not
-- load by default, and it cannot express a capacity above one.
CREATE FUNCTION servflow_appointments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap integer;
  peak integer;
BEGIN
  IF NEW.status NOT IN ('booked', 'confirmed', 'checked_in') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status IN ('booked', 'confirmed', 'checked_in') AND NEW.staff_id = OLD.staff_id
     AND NEW.resource_id IS NOT DISTINCT FROM OLD.resource_id AND NEW.starts_at = OLD.starts_at AND NEW.ends_at = OLD.ends_at THEN
    RETURN NEW;
  END IF;
  PERFORM 1 FROM staff WHERE id = NEW.staff_id FOR NO KEY UPDATE;
  IF EXISTS (SELECT 1 FROM appointments a
              WHERE a.staff_id = NEW.staff_id AND a.id <> NEW.id AND a.status IN ('booked', 'confirmed', 'checked_in')
                AND a.starts_at < NEW.ends_at AND NEW.starts_at < a.ends_at) THEN
    RAISE EXCEPTION 'staff % already has an appointment overlapping % – %', NEW.staff_id, NEW.starts_at, NEW.ends_at USING ERRCODE = 'SF310';
  END IF;
  IF NEW.resource_id IS NOT NULL THEN
    SELECT capacity INTO cap FROM appointment_resources WHERE id = NEW.resource_id FOR NO KEY UPDATE;
    -- the most appointments holding the resource at one instant within the new one (peaks
    -- start where an appointment starts), counting the new one
    SELECT coalesce(max(n), 0) INTO peak FROM (
      SELECT (SELECT count(*) FROM appointments b
                WHERE b.resource_id = NEW.resource_id AND b.id <> NEW.id AND b.status IN ('booked', 'confirmed', 'checked_in')
                  AND b.starts_at <= p.t AND p.t < b.ends_at) AS n
        FROM (SELECT NEW.starts_at AS t
              UNION SELECT a.starts_at FROM appointments a
                     WHERE a.resource_id = NEW.resource_id AND a.id <> NEW.id AND a.status IN ('booked', 'confirmed', 'checked_in')
                       AND a.starts_at > NEW.starts_at AND a.starts_at < NEW.ends_at) p) x;
    IF peak + 1 > cap THEN
      RAISE EXCEPTION 'resource % is full (capacity %) at some point of % – %', NEW.resource_id, cap, NEW.starts_at, NEW.ends_at USING ERRCODE = 'SF311';
    END IF;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER appointments_guard BEFORE INSERT OR UPDATE ON appointments
  FOR EACH ROW EXECUTE FUNCTION servflow_appointments_guard();

-- Deferred appointment work (the reminder/reconfirmation the day before). Kept beside `jobs`,
-- whose rows belong to a case: an appointment has none before check-in. Claimed with
-- FOR UPDATE SKIP LOCKED and marked done in the transaction that writes the notification.
CREATE TABLE appointment_jobs (
  id bigserial PRIMARY KEY,
  org_id text NOT NULL,
  appointment_id text NOT NULL REFERENCES appointments (id),
  kind text NOT NULL CHECK (kind IN ('reminder')),
  status text NOT NULL CHECK (status IN ('pending', 'done', 'cancelled')),
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  done_at timestamptz
);
CREATE INDEX appointment_jobs_due ON appointment_jobs (due_at) WHERE status = 'pending';
CREATE INDEX appointment_jobs_appointment ON appointment_jobs (appointment_id);

-- Notifications about an appointment have no case yet: the outbox row names the appointment.
ALTER TABLE notifications ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE notifications ADD COLUMN appointment_id text;
