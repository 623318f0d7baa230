-- Which free attributes of the customer archive are personal data (src/customers/attributes.ts):
-- masked, like phone and ID numbers, for people who do not serve customers (auditors). Numbered
-- 350–359 (surveys and customers, session 3). Forward-only; PostgreSQL 15 and PGlite 0.5.
CREATE TABLE customer_attribute_settings (
  org_id text PRIMARY KEY REFERENCES orgs (id),
  -- attribute names as they are written in customers.attributes ("allergies", "肤质", "vehicle")
  personal text[] NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);
