import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accountIdProblem, MAX_MEMO_LENGTH, memoProblem, normalizeMemo } from "./transfer-rules";

describe("transfer rules", () => {
  it("account ids: the ledger's alphabet, 1 to 64 characters", () => {
    assert.equal(accountIdProblem("acc_alice_checking"), undefined);
    assert.equal(accountIdProblem("acc_Ab-_09zZ_checking"), undefined);
    assert.equal(accountIdProblem("a".repeat(64)), undefined);
    assert.equal(accountIdProblem(""), "missing");
    assert.equal(accountIdProblem("a".repeat(65)), "too_long");
    for (const id of ["acc alice", "acc_é", "acc/../x", "acc\u0000", " acc"]) assert.equal(accountIdProblem(id), "bad_characters", id);
  });

  it("memos: trimmed, empty is none; controls, C1, separators, bidi overrides and lone surrogates refused", () => {
    assert.equal(normalizeMemo("  Lunch \n"), "Lunch");
    assert.equal(normalizeMemo(" \t "), null);
    assert.equal(normalizeMemo(undefined), null);
    assert.equal(memoProblem("Lunch 🍕 with Zoë"), undefined);
    assert.equal(memoProblem("x".repeat(MAX_MEMO_LENGTH)), undefined);
    assert.equal(memoProblem("x".repeat(MAX_MEMO_LENGTH + 1)), "too_long");
    // The drift that spent tokens: the form allowed C1 controls and bidi overrides the API refused.
    for (const character of ["\u0007", "\n", "\u007f", "\u0085", "\u009f", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069"]) {
      assert.equal(memoProblem(`a${character}b`), "control_characters", JSON.stringify(character));
    }
    assert.equal(memoProblem("a\ud800b"), "malformed_text");
    assert.equal(memoProblem("a\udfffb"), "malformed_text");
  });
});
