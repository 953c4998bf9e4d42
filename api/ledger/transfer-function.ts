/**
 * The transfer as one database function, so a transfer is one round trip: `SELECT * FROM transfer_funds(...)` runs
 * as one statement, hence one transaction, on PostgreSQL and on PGlite alike. It makes the same checks, in the same
 * order, as the route did with several queries and a transaction of seven statements:
 *
 * 1. An earlier transfer by this subject with this Idempotency-Key → `replay` with that transfer (the route compares
 *    the bodies). Before the spent-token check, so a retry after a lost response gets its answer.
 * 2. Spend the jti (`used_tokens`' primary key; a concurrent spender waits for this transaction) → or
 *    `token_already_used`.
 * 3. Lock both accounts in id order (opposite transfers between one pair cannot deadlock) → `from_not_owned`,
 *    `unknown_to`, `insufficient_funds` (with the balance seen under the lock).
 * 4. Debit, credit, insert the transfer (a concurrent transfer with the same key → `replay` of the one that
 *    committed) and its two ledger entries → `created`.
 *
 * Every refusal after step 1 is raised inside the inner block and caught at its end: PL/pgSQL rolls back everything
 * the block wrote, the spent jti included, so a refused transfer leaves the token usable (as the route's
 * transaction did by throwing). Errors other than a refusal propagate and fail the statement as before.
 * `SET search_path FROM CURRENT` pins the schema the function was created in, so a caller's search path cannot
 * point its table names elsewhere.
 */

/** SQLSTATE of a refusal raised inside the function; its message is the outcome. Class F… is free for applications. */
const REFUSED = "FT001";

export const TRANSFER_FUNCTION = `CREATE OR REPLACE FUNCTION transfer_funds(
    p_jti text, p_sub text, p_expires_at double precision,
    p_from text, p_to text, p_amount bigint, p_currency text, p_memo text, p_idempotency_key text,
    p_transfer_id text, p_debit_entry_id text, p_credit_entry_id text)
  RETURNS TABLE (outcome text, id text, from_account text, to_account text, amount bigint, currency text, memo text,
                 created_at timestamptz, balance bigint)
  LANGUAGE plpgsql SET search_path FROM CURRENT AS $fn$
#variable_conflict use_column
DECLARE
  v_account accounts%ROWTYPE;
  v_from accounts%ROWTYPE;
  v_to accounts%ROWTYPE;
BEGIN
  IF p_idempotency_key IS NOT NULL THEN
    SELECT 'replay', t.id, t.from_account, t.to_account, t.amount, t.currency, t.memo, t.created_at
      INTO outcome, id, from_account, to_account, amount, currency, memo, created_at
      FROM transfers t WHERE t.owner_sub = p_sub AND t.idempotency_key = p_idempotency_key;
    IF FOUND THEN RETURN NEXT; RETURN; END IF;
  END IF;

  BEGIN
    INSERT INTO used_tokens (jti, sub, expires_at) VALUES (p_jti, p_sub, to_timestamp(p_expires_at)) ON CONFLICT (jti) DO NOTHING;
    IF NOT FOUND THEN RAISE SQLSTATE '${REFUSED}' USING MESSAGE = 'token_already_used'; END IF;

    FOR v_account IN SELECT * FROM accounts a WHERE a.id IN (p_from, p_to) ORDER BY a.id FOR UPDATE LOOP
      IF v_account.id = p_from THEN v_from := v_account; ELSE v_to := v_account; END IF;
    END LOOP;
    -- The reserve (kind 'bank') is nobody's to pay from and not a payee: money enters the ledger only through it.
    IF v_from.id IS NULL OR v_from.kind <> 'customer' OR v_from.owner_sub <> p_sub THEN
      RAISE SQLSTATE '${REFUSED}' USING MESSAGE = 'from_not_owned';
    END IF;
    IF v_to.id IS NULL OR v_to.kind <> 'customer' THEN RAISE SQLSTATE '${REFUSED}' USING MESSAGE = 'unknown_to'; END IF;
    balance := v_from.balance;

    -- The balance guard repeats the CHECK constraint's promise: never below zero.
    UPDATE accounts a SET balance = a.balance - p_amount WHERE a.id = p_from AND a.balance >= p_amount;
    IF NOT FOUND THEN RAISE SQLSTATE '${REFUSED}' USING MESSAGE = 'insufficient_funds'; END IF;
    UPDATE accounts a SET balance = a.balance + p_amount WHERE a.id = p_to;

    INSERT INTO transfers AS t (id, owner_sub, from_account, to_account, amount, currency, memo, idempotency_key)
      VALUES (p_transfer_id, p_sub, p_from, p_to, p_amount, p_currency, p_memo, p_idempotency_key)
      ON CONFLICT (owner_sub, idempotency_key) DO NOTHING
      RETURNING 'created', t.id, t.from_account, t.to_account, t.amount, t.currency, t.memo, t.created_at
      INTO outcome, id, from_account, to_account, amount, currency, memo, created_at;
    IF NOT FOUND THEN RAISE SQLSTATE '${REFUSED}' USING MESSAGE = 'idempotency_key_taken'; END IF;

    INSERT INTO ledger_entries (id, account_id, amount, counterparty, memo, transfer_id, created_at) VALUES
      (p_debit_entry_id, p_from, -p_amount, v_to.owner_name || ' (' || v_to.name || ')', p_memo, p_transfer_id, created_at),
      (p_credit_entry_id, p_to, p_amount, v_from.owner_name || ' (' || v_from.name || ')', p_memo, p_transfer_id, created_at);
  EXCEPTION WHEN SQLSTATE '${REFUSED}' THEN
    outcome := SQLERRM;
    -- A concurrent request with the same key committed first (the insert waited for it): answer with that one.
    IF outcome = 'idempotency_key_taken' THEN
      SELECT 'replay', t.id, t.from_account, t.to_account, t.amount, t.currency, t.memo, t.created_at
        INTO outcome, id, from_account, to_account, amount, currency, memo, created_at
        FROM transfers t WHERE t.owner_sub = p_sub AND t.idempotency_key = p_idempotency_key;
      IF NOT FOUND THEN outcome := 'idempotency_key_taken'; END IF;
    END IF;
  END;
  RETURN NEXT;
END
$fn$`;
