import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { decodeJwt, exportJWK, generateKeyPair, type JWK } from "jose";
import { CAEP_SESSION_REVOKED, PUSH_DELIVERY } from "../../common/ssf";
import { Streams } from "./streams";
import { Transmitter } from "./transmitter";

/** A receiver answering each delivery with the next scripted status (the last one repeats), recording the bodies. */
function receiver() {
  let script: number[] = [];
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      bodies.push(body);
      const status = script.length > 1 ? (script.shift() as number) : (script[0] ?? 202);
      if (status === 0) return void req.socket.destroy();
      res.writeHead(status, { "content-type": "application/json" }).end(status === 202 ? "" : '{"err":"x","description":"scripted"}');
    });
  });
  return {
    server,
    bodies,
    answer: (statuses: number[]) => {
      script = [...statuses];
      bodies.length = 0;
    },
    origin: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  };
}

async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe("the SSF transmitter retries a delivery that may succeed later, and only that", () => {
  const r = receiver();
  let jwk: JWK;
  before(async () => {
    await new Promise<void>((resolve) => r.server.listen(0, "127.0.0.1", resolve));
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    jwk = { ...(await exportJWK(privateKey)), kid: "k1", alg: "RS256" };
  });
  after(() => new Promise<void>((resolve) => r.server.close(() => resolve())));

  // Each case its own stream and transmitter (waits of 10, 20 and 40 ms), so none depends on another's leftovers.
  function transmitter() {
    const streams = new Streams([r.origin()]);
    const stream = streams.create("fabrikam-intranet", {
      delivery: { method: PUSH_DELIVERY, endpoint_url: `${r.origin()}/auth/ssf/events` },
      events_requested: [CAEP_SESSION_REVOKED],
    });
    const sender = new Transmitter("http://idp.test", jwk, streams, [10, 20, 40]);
    return { streams, stream, send: () => sender.send(CAEP_SESSION_REVOKED, sender.subject("alice"), { event_timestamp: 1 }) };
  }

  it("503, then unreachable, then 202: the same SET (same jti) three times, and no more", async () => {
    r.answer([503, 0, 202]);
    const [outcome] = await transmitter().send();
    assert.equal(outcome?.status, 503, "the awaited first attempt reports what happened");
    await until(() => r.bodies.length === 3, "three deliveries");
    await settle();
    assert.equal(r.bodies.length, 3);
    assert.equal(new Set(r.bodies).size, 1, "every attempt carries the same SET");
    assert.ok(decodeJwt(r.bodies[0] ?? "").jti);
  });

  it("a 429 is retried; a 400 is the receiver's answer and is not", async () => {
    r.answer([429, 400]);
    await transmitter().send();
    await until(() => r.bodies.length === 2, "the retry after 429");
    await settle();
    assert.equal(r.bodies.length, 2, "nothing after the 400");
  });

  it("gives up after the last wait", async () => {
    r.answer([500]);
    await transmitter().send();
    await until(() => r.bodies.length === 4, "one attempt and three retries");
    await settle();
    assert.equal(r.bodies.length, 4);
  });

  it("stops retrying once the stream is deleted", async () => {
    r.answer([503]);
    const { streams, stream, send } = transmitter();
    await send();
    streams.delete("fabrikam-intranet", stream.streamId);
    await settle();
    assert.equal(r.bodies.length, 1);
  });
});
