import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { test } from "node:test";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { ACTION_BODY_LIMIT_BYTES, ROUTE_HANDLERS, refusePageRequest } from "./page-requests";

const ORIGIN = "http://localhost:3000";
const ACTION = "40b32676da710cd85b7960cfa150a7bccb4824c15d";

function post(body: BodyInit | undefined, headers: Record<string, string>, path = "/transfer", method = "POST") {
  return new NextRequest(new URL(path, ORIGIN), { method, headers, body });
}
const action = (body: string, type = "text/plain;charset=UTF-8", extra: Record<string, string> = {}) =>
  post(body, { "next-action": ACTION, origin: ORIGIN, "content-type": type, "content-length": String(Buffer.byteLength(body)), ...extra });

// The build's server actions, as the manifest would list them.
const KNOWN_ACTIONS = () => new Map([[ACTION, [/^\/transfer$/, /^\/auth\/error$/]]]);

async function statusOf(request: NextRequest): Promise<number | undefined> {
  return (await refusePageRequest(request, ORIGIN, KNOWN_ACTIONS))?.status;
}

test("reading a page and posting to route handlers pass through; /auth/error is a page like any other", async () => {
  assert.equal(await statusOf(new NextRequest(new URL("/salary", ORIGIN))), undefined);
  assert.equal(await statusOf(post("x", { origin: "https://evil.example" }, "/auth/logout")), undefined);
  assert.equal(await statusOf(post("--x--\r\n", { "content-type": "multipart/form-data; boundary=x", "content-length": "7" }, "/auth/error")), 405);
});

test("ROUTE_HANDLERS lists exactly the app's route.ts files", () => {
  const appDir = join(process.cwd(), "app");
  const routes = (readdirSync(appDir, { recursive: true }) as string[])
    .filter((file) => file.endsWith(`${sep}route.ts`))
    .map((file) => `/${relative(appDir, join(appDir, file)).split(sep).slice(0, -1).join("/")}`);
  assert.deepEqual(new Set(routes), ROUTE_HANDLERS);
});

test("server actions from this origin in React's encodings pass", async () => {
  // Shapes captured from the app's own forms: useActionState with FormData, without, and a bare form action.
  assert.equal(await statusOf(action('[{"message":"$undefined","values":{"memo":"$$5 for lunch"}}]')), undefined);
  assert.equal(await statusOf(action("[]")), undefined);
  const form = new FormData();
  form.set("0", '[{},"$K1"]');
  form.set("1_amount", "3.21");
  const multipart = new Request(ORIGIN, { method: "POST", body: form });
  const body = await multipart.text();
  const type = multipart.headers.get("content-type") ?? "";
  assert.equal(await statusOf(action(body, type)), undefined);
});

test("a post from another origin is 403, whatever it is", async () => {
  assert.equal(await statusOf(action("[]", "text/plain", { origin: "https://evil.example" })), 403);
  assert.equal(await statusOf(action("[]", "text/plain", { origin: "null" })), 403);
  assert.equal(await statusOf(post("a=b", { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" })), 403);
});

test("posts that are not server actions, and other methods, are 405 with Allow", async () => {
  for (const request of [
    post("a=b", { "content-type": "application/x-www-form-urlencoded" }),
    post("--x--\r\n", { "content-type": "multipart/form-data; boundary=x", "content-length": "7" }),
    post("{}", { "content-type": "application/json" }),
    post(undefined, {}, "/", "PUT"),
    post(undefined, {}, "/", "DELETE"),
    post(undefined, {}, "/", "OPTIONS"),
  ]) {
    const refused = await refusePageRequest(request, ORIGIN, KNOWN_ACTIONS);
    assert.equal(refused?.status, 405, request.method);
    assert.equal(refused?.headers.get("allow"), "GET, HEAD");
  }
});

test("action bodies React could not decode are 400, too big 413, unknown types 415", async () => {
  for (const body of ["not json", '{"a":1}', '"text"', '["$1"]', '["$Q1"]', '["$F1"]', '["$h1"]', '["$n1e999"]', '[{"a":"$@0"}]', '["$K"]']) {
    assert.equal(await statusOf(action(body)), 400, body);
  }
  assert.equal(await statusOf(action("[]", "application/json")), 415);
  const big = `["${"a".repeat(ACTION_BODY_LIMIT_BYTES)}"]`;
  assert.equal(await statusOf(action(big)), 413);
  assert.equal(await statusOf(post("[]", { "next-action": ACTION, origin: ORIGIN, "content-type": "text/plain" })), 411);
  const form = new FormData();
  form.set("x", "y");
  const multipart = new Request(ORIGIN, { method: "POST", body: form });
  assert.equal(await statusOf(action(await multipart.text(), multipart.headers.get("content-type") ?? "")), 400);
});

// Invariant: for any body, the guard answers (pass or a 4xx) and never throws.
test("property: any action body gets a pass or a 4xx, never an exception", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.string({ unit: "binary", maxLength: 200 }),
        fc.json(),
        fc.jsonValue().map((v) => JSON.stringify([v])),
      ),
      fc.constantFrom("text/plain", "multipart/form-data; boundary=b", "application/octet-stream"),
      async (body, type) => {
        const status = await statusOf(action(body, type));
        assert.ok(status === undefined || (status >= 400 && status < 500), String(status));
      },
    ),
    { numRuns: 1_000 },
  );
});

// React's plain form post, as the transfer form sends it when clicked before the page's script has run.
async function formPost(fields: [string, string][], extra: Record<string, string> = {}, path = "/transfer") {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  const encoded = new Request(ORIGIN, { method: "POST", body: form });
  const body = await encoded.text();
  const headers = { origin: ORIGIN, "content-type": encoded.headers.get("content-type") ?? "", "content-length": String(Buffer.byteLength(body)), ...extra };
  return post(body, headers, path);
}
const DESCRIPTOR = `{"id":"${ACTION}","bound":"$@1"}`;
const FORM_FIELDS: [string, string][] = [
  ["to", "acc_bob_checking"],
  ["amount", "1.25"],
  ["memo", "$5 lunch"],
];

test("a form posted before the page's script ran passes when it names its action the way React does", async () => {
  const shapes: [string, string][][] = [
    [["$ACTION_REF_1", ""], ["$ACTION_1:0", DESCRIPTOR], ["$ACTION_1:1", '[{"message":"$undefined"}]'], ["$ACTION_KEY", "k0123"], ...FORM_FIELDS],
    [["$ACTION_REF_1", ""], ["$ACTION_1:0", `{"id":"${ACTION}","bound":null}`], ...FORM_FIELDS],
    [[`$ACTION_ID_${ACTION}`, ""], ...FORM_FIELDS],
  ];
  for (const fields of shapes) assert.equal(await statusOf(await formPost(fields)), undefined, JSON.stringify(fields));
});

test("a plain form post that names no action is 405, one React could not decode 400, an unknown action 409", async () => {
  assert.equal(await statusOf(await formPost(FORM_FIELDS)), 405);
  for (const bad of [
    [["$ACTION_1:0", "not json"]],
    [["$ACTION_1:0", `{"id":"${ACTION}","bound":"$@2"}`]],
    [["$ACTION_1:0", `{"id":"${ACTION}","bound":"$@1","extra":1}`]],
    [["$ACTION_1:0", `["${ACTION}"]`]],
    [
      ["$ACTION_1:0", DESCRIPTOR],
      ["$ACTION_1:1", '["$Q1"]'],
    ],
    [
      ["$ACTION_1:0", DESCRIPTOR],
      ["$ACTION_1:1", "{}"],
    ],
    [
      ["$ACTION_1:0", DESCRIPTOR],
      ["$ACTION_weird", "x"],
    ],
    // Each reference needs exactly one descriptor of its own.
    [["$ACTION_2:0", DESCRIPTOR]],
    [
      ["$ACTION_1:0", DESCRIPTOR],
      ["$ACTION_1:0", DESCRIPTOR],
    ],
    [
      ["$ACTION_1:0", DESCRIPTOR],
      ["$ACTION_REF_2", ""],
      ["$ACTION_REF_3", ""],
      ["$ACTION_2:0", DESCRIPTOR],
      ["$ACTION_3:0", DESCRIPTOR],
    ],
  ] as [string, string][][]) {
    assert.equal(await statusOf(await formPost([["$ACTION_REF_1", ""], ...bad, ...FORM_FIELDS])), 400, JSON.stringify(bad));
  }
  // Next.js answers an id it does not have with a 500; here it is a page from another deployment.
  const unknown = "7f0000000000000000000000000000000000000000";
  assert.equal(await statusOf(await formPost([[`$ACTION_ID_${unknown}`, ""], ...FORM_FIELDS])), 409);
  assert.equal(await statusOf(await formPost([["$ACTION_REF_1", ""], ["$ACTION_1:0", `{"id":"${unknown}","bound":null}`], ...FORM_FIELDS])), 409);
  // A real action, posted to a page that does not carry it.
  assert.equal(await statusOf(await formPost([[`$ACTION_ID_${ACTION}`, ""]], {}, "/salary")), 409);
  const noManifest = await refusePageRequest(await formPost([[`$ACTION_ID_${ACTION}`, ""]]), ORIGIN, () => undefined);
  assert.equal(noManifest?.status, 409);
  const fields: [string, string][] = [["$ACTION_REF_1", ""], ["$ACTION_1:0", DESCRIPTOR], ...FORM_FIELDS];
  assert.equal(await statusOf(await formPost(fields, { origin: "https://evil.example" })), 403);
  assert.equal(await statusOf(await formPost(fields, { "content-length": String(ACTION_BODY_LIMIT_BYTES + 1) })), 413);
});

// Invariant: a plain form post passes only when it names an action this page carries, in parts React can decode;
// whatever else its fields hold, the answer is a 4xx, never an exception.
test("property: a plain form post passes only when it names this page's action in React's shapes", async () => {
  const name = fc.oneof(
    fc.constantFrom("$ACTION_REF_1", "$ACTION_1:0", "$ACTION_1:1", "$ACTION_2:0", "$ACTION_KEY", `$ACTION_ID_${ACTION}`, "$ACTION_ID_7f00", "amount"),
    fc.string({ maxLength: 20 }).map((text) => `$ACTION_${text}`),
    fc.string({ maxLength: 12 }),
  );
  const value = fc.oneof(fc.constantFrom(DESCRIPTOR, `{"id":"${ACTION}","bound":null}`, "[{}]", '["$Q1"]', "", "[]"), fc.string({ maxLength: 60 }), fc.json());
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(name, value), { maxLength: 6 }), async (fields) => {
      const status = await statusOf(await formPost(fields));
      if (status !== undefined) return assert.ok(status >= 400 && status < 500, String(status));
      const namesAction = fields.some(
        ([field, text]) => field === `$ACTION_ID_${ACTION}` || (/^\$ACTION_[\w-]+:0$/.test(field) && text.startsWith(`{"id":"${ACTION}"`)),
      );
      assert.ok(namesAction, `passed without naming the action: ${JSON.stringify(fields)}`);
      // A reference field always comes with its own descriptor, and no other field is an undecodable part.
      for (const [field] of fields.filter(([field]) => field.startsWith("$ACTION_REF_"))) {
        assert.equal(fields.filter(([other]) => other === `$ACTION_${field.slice("$ACTION_REF_".length)}:0`).length, 1, JSON.stringify(fields));
      }
    }),
    { numRuns: 1_000 },
  );
});
