/** The stack-trace detector the hostile-input tests rely on: it must see a trace in every form a server prints one. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { STACK_TRACE } from "./raw-http";

test("finds stack frames as Node, Express's HTML error page and anonymous frames print them", () => {
  for (const body of [
    "URIError: Failed to decode param '%ZZ'\n    at decodeURIComponent (<anonymous>)\n    at decodeParam (/srv/app/node_modules/router/lib/layer.js:332:12)",
    "<pre>URIError: Failed<br> &nbsp; &nbsp;at decodeParam (/srv/app/router/lib/layer.js:332:12)</pre>",
    "    at /srv/app/index.js:311:9",
    "    at Object.<anonymous> (file:///srv/app/idp/app.ts:12:3)",
    "    at async Promise.all (index 0) (/srv/app/x.mjs:1:2)",
  ]) {
    assert.match(body, STACK_TRACE, body);
  }
});

test("does not mistake sentences for frames", () => {
  for (const body of ["not valid JSON at position 1 (line 1 column 2)", "Sign in at Fabrikam Identity (the IdP).", "Try again at 10:30 (UTC)."]) {
    assert.doesNotMatch(body, STACK_TRACE, body);
  }
});
