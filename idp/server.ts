/**
 * Entry point of the dev IdP: `tsx idp/server.ts`. Prints one line when ready
 * and shuts down cleanly on SIGTERM/SIGINT.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createIdpApp } from "./app";
import { type IdpConfig, loadConfig } from "./config";

// IDP_PORT=0 (tests): bind first and let the OS pick, so the port is never guessed and then raced for; the issuer
// names the port it got, and the ready line reports it.
const anyPort = process.env.IDP_PORT === "0";
const server: Server = createServer();
if (anyPort) await listen(0);

let config: IdpConfig;
try {
  config = loadConfig(anyPort ? { ...process.env, IDP_PORT: String((server.address() as AddressInfo).port) } : process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

server.on("request", await createIdpApp(config));
if (!anyPort) await listen(config.port);
const origins = config.appOrigins.join(", ");
console.log(
  `idp listening on ${config.issuer} (port ${config.port}, MFA policy ${config.mfaPolicy}, imitating ${config.impersonation.profile.label}, app origins ${origins})`,
);

function listen(port: number): Promise<void> {
  return new Promise((resolve) => {
    server.once("error", (error) => {
      console.error(`idp could not listen on port ${port}: ${error.message}`);
      process.exit(1);
    });
    server.listen(port, "localhost", resolve);
  });
}

function shutdown(signal: string) {
  console.log(`idp stopping (${signal})`);
  server.close(() => process.exit(0));
  // Keep-alive connections from browsers would hold close() open; don't wait for them.
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
