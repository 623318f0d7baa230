-- The web app's attachments (photos taken in a task form). Numbered from 200 so the web app's
-- migrations never collide with the store's (001…099) or the API's (100…199). Forward-only.
-- SQL accepted by both PostgreSQL 15 and PGlite 0.5.
-- The bytes live in the database (bytea) so every servflow process sharing one PostgreSQL
-- serves them, and a backup of the database is a backup of the photos. Photos are scaled down
-- in the browser first (~300 KB each).
CREATE TABLE web_attachments (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  -- the task whose form the photo belongs to: who may see it follows who may see the task
  task_id text NOT NULL REFERENCES tasks (id),
  store_id text,
  media_type text NOT NULL,
  file_name text,
  size integer NOT NULL,
  content bytea NOT NULL,
  created_by text NOT NULL REFERENCES staff (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX web_attachments_task ON web_attachments (task_id);
