-- Customers' archive (issue 4): contact details, ID number, consent, tags, free attributes per
-- industry, notes, purchases, tier rules. The customer record (customers, customer_phones,
-- customer_notes) is the ONLY place personal data lives: erasure clears it there and leaves
-- every other table pointing at the anonymous id.

ALTER TABLE customers
  ADD COLUMN id_number text,
  -- free attributes per industry: skin type and allergies, vehicle and mileage, assets…
  ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}',
  -- consent flags, e.g. {"marketing": true, "sms": false}
  ADD COLUMN consent jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
  -- set by the organisation's tier rules when it has any; by hand otherwise
  ADD COLUMN tier_by_rule boolean NOT NULL DEFAULT false,
  ADD COLUMN updated_at timestamptz,
  -- erased on request: personal data cleared, the id stays for the logs
  ADD COLUMN erased_at timestamptz;

CREATE INDEX customers_tags ON customers USING gin (tags);
CREATE INDEX customers_tier ON customers (org_id, tier);

-- Phone numbers, normalised (digits only, mainland +86 / 0086 prefix dropped), in the order given.
CREATE TABLE customer_phones (
  customer_id text NOT NULL REFERENCES customers (id),
  org_id text NOT NULL,
  position integer NOT NULL,
  phone text NOT NULL,
  PRIMARY KEY (customer_id, position)
);
-- duplicate detection and search by phone
CREATE INDEX customer_phones_lookup ON customer_phones (org_id, phone);

CREATE TABLE customer_notes (
  id bigserial PRIMARY KEY,
  customer_id text NOT NULL REFERENCES customers (id),
  org_id text NOT NULL,
  at timestamptz NOT NULL,
  by_staff text NOT NULL,
  text text NOT NULL
);
CREATE INDEX customer_notes_customer ON customer_notes (customer_id, id);

-- Purchases count towards tier rules (total, largest single purchase).
CREATE TABLE customer_purchases (
  id bigserial PRIMARY KEY,
  customer_id text NOT NULL REFERENCES customers (id),
  org_id text NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  at timestamptz NOT NULL,
  case_id text,
  by_staff text NOT NULL
);
CREATE INDEX customer_purchases_customer ON customer_purchases (customer_id);

-- An organisation's tier rules, tried in order; the first whose FEEL condition holds gives the tier.
CREATE TABLE customer_tier_rules (
  org_id text NOT NULL REFERENCES orgs (id),
  position integer NOT NULL,
  tier text NOT NULL,
  condition text NOT NULL,
  PRIMARY KEY (org_id, position)
);
