import assert from "node:assert/strict";
import { test } from "node:test";
import { ACR_MFA } from "@/common/step-up";
import type { Session } from "./session";
import { applyAssuranceDecrease } from "./session-downgrade";

const T0 = 1_800_000_000;
const session: Session = {
  v: 1,
  sid: "s-0123456789abcdef",
  sub: "alice",
  name: "Alice",
  acr: ACR_MFA,
  amr: ["pwd", "otp", "mfa"],
  authTime: T0,
  createdAt: T0,
  expiresAt: T0 + 3600,
  transferToken: { expiresAt: T0 + 300, scope: "transfer:funds" },
};
const decrease = (at: number) => ({ at, receivedAt: at, jti: "set-1" });

test("a session authenticated before the decrease keeps only the password's evidence and no transfer token", () => {
  const downgraded = applyAssuranceDecrease(session, decrease(T0 + 1));
  assert.equal(downgraded.acr, undefined);
  assert.deepEqual(downgraded.amr, ["pwd"]);
  assert.equal(downgraded.transferToken, undefined);
  assert.deepEqual(downgraded.downgrade, decrease(T0 + 1));
  assert.equal(downgraded.sid, session.sid);
});

test("a session authenticated at or after the decrease is left as it is; so is one with no decrease", () => {
  assert.equal(applyAssuranceDecrease(session, decrease(T0)), session);
  assert.equal(applyAssuranceDecrease(session, decrease(T0 - 10)), session);
  assert.equal(applyAssuranceDecrease(session, undefined), session);
});

test("without auth_time nothing shows the authentication came after: downgraded", () => {
  const { authTime: _authTime, ...noTime } = session;
  assert.equal(applyAssuranceDecrease(noTime, decrease(T0)).acr, undefined);
});
