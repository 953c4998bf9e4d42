/**
 * The contract between the intranet's transfer form and the Accounts API: what the form accepts, the API accepts.
 * A transfer the form lets through and the API refuses has already cost the user a second factor and spent the
 * single-use token. This is the one test allowed to import both lib/ and api/: it runs their plain parsing
 * functions side by side (no Next.js, no HTTP) on the same generated input.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseTransferBody } from "../../api/routes/transfer-body";
import { parseAmount } from "../../common/money";
import { parseTransferForm } from "../../lib/transfers/transfer-input";
import { accountIdLike, amountLike, memoLike, padded } from "./transfer-arbitraries";

// What people type: real values with stray whitespace, and anything else; sometimes a field is absent.
const typed = (valid: fc.Arbitrary<string>) => fc.option(padded(valid), { nil: undefined, freq: 10 });

describe("transfer input contract: form → API", () => {
  it("the API accepts every transfer the form accepts, unchanged", () => {
    // Invariant: for any form input the form accepts, the JSON the intranet sends (lib/fabrikam/client.ts sends
    // the parsed input as is) passes parseTransferBody with the same accounts, cents and memo.
    let accepted = 0;
    fc.assert(
      fc.property(fc.record({ from: typed(accountIdLike), to: typed(accountIdLike), amount: typed(amountLike), memo: typed(memoLike) }), (fields) => {
        const data = new FormData();
        for (const [name, value] of Object.entries(fields)) if (value !== undefined) data.set(name, value);
        const form = parseTransferForm(data);
        if (!form.ok) return;
        accepted += 1;
        const wire: unknown = JSON.parse(JSON.stringify({ from: form.input.from, to: form.input.to, amount: form.input.amount, memo: form.input.memo }));
        const instruction = parseTransferBody(wire);
        const cents = parseAmount(form.input.amount);
        assert.ok(cents.ok);
        assert.deepEqual(instruction, { from: form.input.from, to: form.input.to, amountCents: cents.cents, memo: form.input.memo ?? null });
      }),
      { numRuns: 5_000 },
    );
    assert.ok(accepted > 250, `only ${accepted} of 5000 form inputs were accepted; the property would say little`);
  });
});
