-- Membership cards (开卡, 储值, 疗程卡): a prepaid balance in integer cents, or a package of N
-- sessions. The ledger is append-only; the card row carries the running balance so reading it
-- is one row. No personal data here: cards point at the customer id.

CREATE TABLE membership_cards (
  id text PRIMARY KEY,
  org_id text NOT NULL REFERENCES orgs (id),
  customer_id text NOT NULL REFERENCES customers (id),
  -- balance: amounts are cents; sessions: amounts are session counts
  kind text NOT NULL CHECK (kind IN ('balance', 'sessions')),
  label text NOT NULL,
  store_id text REFERENCES stores (id),
  balance bigint NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL
);
CREATE INDEX membership_cards_customer ON membership_cards (customer_id);

CREATE TABLE card_ledger (
  seq bigserial PRIMARY KEY,
  org_id text NOT NULL,
  card_id text NOT NULL REFERENCES membership_cards (id),
  at timestamptz NOT NULL,
  -- open: the opening balance; topup adds; consume and refund take away; adjust either way (with a reason)
  kind text NOT NULL CHECK (kind IN ('open', 'topup', 'consume', 'refund', 'adjust')),
  -- signed change of the balance (cents or sessions)
  amount bigint NOT NULL,
  balance_after bigint NOT NULL,
  case_id text,
  staff_id text NOT NULL,
  reason text,
  -- the customer signed for a balance going below zero (an outstanding balance)
  signed boolean NOT NULL DEFAULT false,
  CHECK (balance_after >= 0 OR signed),
  CHECK (kind <> 'adjust' OR reason IS NOT NULL)
);
CREATE INDEX card_ledger_card ON card_ledger (card_id, seq);

CREATE FUNCTION servflow_card_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the card ledger is append-only: % on card_ledger is not allowed; add an adjust entry instead', TG_OP USING ERRCODE = 'SF301';
END $$;
CREATE TRIGGER card_ledger_append_only BEFORE UPDATE OR DELETE ON card_ledger
  FOR EACH ROW EXECUTE FUNCTION servflow_card_ledger_append_only();
CREATE TRIGGER card_ledger_no_truncate BEFORE TRUNCATE ON card_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION servflow_card_ledger_append_only();
