import assert from "node:assert/strict";
import { test } from "node:test";
import { onEveryAppDatabase } from "@/testing/app-db-backends";
import { endSession, isSessionActive, LAST_SEEN_GRANULARITY_SECONDS, startSession } from "./session-store";

const IDLE = 1800;
const T0 = 1_700_000_000;

const record = (sid: string, sub = "alice", createdAt = T0, expiresAt = T0 + 8 * 3600) => ({ sid, sub, createdAt, expiresAt });

onEveryAppDatabase((db) => {
  test("a new session is active for its owner only", async () => {
    await startSession(db(), record("s-owner"), undefined);
    assert.equal(await isSessionActive(db(), "s-owner", "alice", T0 + 1, IDLE), true);
    assert.equal(await isSessionActive(db(), "s-owner", "bob", T0 + 1, IDLE), false);
    assert.equal(await isSessionActive(db(), "s-unknown", "alice", T0 + 1, IDLE), false);
  });

  test("signing in again or stepping up ends the session it replaces", async () => {
    await startSession(db(), record("s-old"), undefined);
    await startSession(db(), record("s-new", "alice", T0 + 60), "s-old");
    assert.equal(await isSessionActive(db(), "s-old", "alice", T0 + 61, IDLE), false);
    assert.equal(await isSessionActive(db(), "s-new", "alice", T0 + 61, IDLE), true);
  });

  test("sign-out ends the session for good", async () => {
    await startSession(db(), record("s-out"), undefined);
    await endSession(db(), "s-out", T0 + 10, "signed_out");
    assert.equal(await isSessionActive(db(), "s-out", "alice", T0 + 11, IDLE), false);
  });

  test("a session left idle longer than the idle timeout ends; activity keeps it alive", async () => {
    await startSession(db(), record("s-idle"), undefined);
    await startSession(db(), record("s-busy"), undefined);
    // Used every 20 minutes: each use moves last-seen forward, so it outlives the 30-minute idle window.
    for (const at of [T0 + 1200, T0 + 2400, T0 + 3600]) assert.equal(await isSessionActive(db(), "s-busy", "alice", at, IDLE), true);
    assert.equal(await isSessionActive(db(), "s-idle", "alice", T0 + IDLE + 1, IDLE), false);
  });

  test("the absolute lifetime ends a session however active it is", async () => {
    await startSession(db(), record("s-abs", "alice", T0, T0 + 3000), undefined);
    for (const at of [T0 + 1000, T0 + 2000, T0 + 2999]) assert.equal(await isSessionActive(db(), "s-abs", "alice", at, IDLE), true);
    assert.equal(await isSessionActive(db(), "s-abs", "alice", T0 + 3000, IDLE), false);
  });

  test("an ordinary page view writes nothing; last-seen moves once per granularity window", async () => {
    await startSession(db(), record("s-quiet"), undefined);
    // xmin changes with every new row version, so an UPDATE that rewrote the row, even unchanged, would show.
    const version = async () =>
      (await db().query<{ xmin: string; last_seen_at: string | number }>("SELECT xmin, last_seen_at FROM intranet_sessions WHERE sid = 's-quiet'")).rows[0];
    const created = await version();
    for (const at of [T0 + 1, T0 + 30, T0 + LAST_SEEN_GRANULARITY_SECONDS - 1]) assert.equal(await isSessionActive(db(), "s-quiet", "alice", at, IDLE), true);
    assert.deepEqual(await version(), created);
    assert.equal(await isSessionActive(db(), "s-quiet", "alice", T0 + LAST_SEEN_GRANULARITY_SECONDS, IDLE), true);
    const moved = await version();
    assert.equal(Number(moved?.last_seen_at), T0 + LAST_SEEN_GRANULARITY_SECONDS);
    assert.equal(await isSessionActive(db(), "s-quiet", "alice", T0 + LAST_SEEN_GRANULARITY_SECONDS + 1, IDLE), true);
    assert.deepEqual(await version(), moved);
  });
});
