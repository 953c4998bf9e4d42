import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { createApiHandler } from "./app";
import { PLAIN_JWT_CLIENT_ID_CLAIMS } from "./auth/client-binding";
import { createAccessTokenVerifier } from "./auth/verify-access-token";
import { type ApiConfig, ConfigError, loadConfig } from "./config";
import { type Database, openDatabase } from "./db/database";
import { migrate, pruneUsedTokens } from "./db/schema";
import { seedDemoData } from "./db/seed";
import { answerMalformedRequests } from "./http/client-errors";
import { consoleLogger, type Logger } from "./http/logger";

/** A running Accounts API. */
export interface RunningApi {
  /** Where it listens: http://localhost:<port>. */
  url: string;
  /** The origin request URLs (and DPoP htu) are built on: API_PUBLIC_URL, else `url`. */
  publicUrl: string;
  port: number;
  db: Database;
  server: Server;
  stop(): Promise<void>;
}

/** Opens the database (creating and seeding it), then listens on localhost. */
export async function startApi(
  config: ApiConfig,
  options: { log?: Logger; host?: string; schema?: string; unknownKidRefetchInterval?: number } = {},
): Promise<RunningApi> {
  const log = options.log ?? consoleLogger;
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: options.schema, poolSize: config.dbPoolSize });
  await migrate(db);
  await seedDemoData(db);
  await pruneUsedTokens(db);

  const { profile } = config;
  const verifier = createAccessTokenVerifier({
    issuer: config.issuer,
    audience: config.audience,
    allowedClients: config.allowedClients,
    unknownKidRefetchInterval: options.unknownKidRefetchInterval,
    plainJwt:
      profile.accessTokenFormat === "jwt"
        ? {
            scopeClaim: profile.scopeClaim,
            tokenIdClaim: profile.tokenIdClaim,
            scopePrefix: config.scopePrefix,
            clientIdClaims: PLAIN_JWT_CLIENT_ID_CLAIMS[profile.name],
          }
        : undefined,
  });
  // Host is checked by the handler (with a JSON answer); the API never builds URLs from it (API_PUBLIC_URL).
  const server = createServer({ requireHostHeader: false });
  answerMalformedRequests(server);
  const host = options.host ?? "localhost";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  // The public URL defaults to the local one, known only once listening (port 0 picks a free port).
  const publicUrl = config.publicUrl ?? url;
  const handler = createApiHandler({
    db,
    publicUrl,
    verifier,
    transferMaxAge: config.transferMaxAge,
    profile: config.profile,
    provisionDemoAccounts: config.provisionDemoAccounts,
    requireAuthorizationDetails: config.requireAuthorizationDetails,
    directoryClients: config.directoryClients,
    log,
  });
  server.on("request", (req, res) => void handler(req, res));

  return {
    url,
    publicUrl,
    port,
    db,
    server,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.close();
    },
  };
}

async function main(): Promise<void> {
  let config: ApiConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const api = await startApi(config);
  const storage = config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${config.dataDir}`;
  const publicNote = api.publicUrl === api.url ? "" : ` (public URL ${api.publicUrl})`;
  console.log(
    `Fabrikam Accounts API on ${api.url}${publicNote} — trusting ${config.issuer} (${config.profile.label} profile) for audience ${config.audience} and clients ${config.allowedClients?.join(", ")}; ledger in ${storage}`,
  );
  const shutdown = () => void api.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

// Run only as the entry point, so tests can import startApi.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
