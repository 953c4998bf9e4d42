/**
 * Entry point of the dev IdP: `tsx idp/server.ts`. Prints one line when ready
 * and shuts down cleanly on SIGTERM/SIGINT.
 */
import { createIdpApp } from "./app";
import { loadConfig, type IdpConfig } from "./config";

let config: IdpConfig;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const app = await createIdpApp(config);
const server = app.listen(config.port, "localhost", () => {
  const origins = config.appOrigins.join(", ");
  console.log(`idp listening on ${config.issuer} (port ${config.port}, MFA policy ${config.mfaPolicy}, imitating ${config.impersonation.profile.label}, app origins ${origins})`);
});
server.on("error", (error) => {
  console.error(`idp could not listen on port ${config.port}: ${error.message}`);
  process.exit(1);
});

function shutdown(signal: string) {
  console.log(`idp stopping (${signal})`);
  server.close(() => process.exit(0));
  // Keep-alive connections from browsers would hold close() open; don't wait for them.
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
