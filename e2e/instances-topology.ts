/**
 * The horizontal topology of e2e/instances.spec.ts: one dev IdP, two intranet instances and two Accounts API
 * instances, all four on one fresh PostgreSQL database. Started only by that spec (a worker fixture), on ports of
 * its own, and stopped by PID with the database dropped afterwards.
 */
import { createTestDatabase } from "../testing/postgres-server";
import { localUrl, type OwnProcess, READY, type ServerSpec, startOwnProcess } from "./own-processes";
import { offset } from "./stacks";

/** Ports of the topology, apart from the launcher's stacks and the outage tests' own stack. */
export const INSTANCE_PORTS = { appA: 3360 + offset, appB: 3361 + offset, idp: 4360 + offset, api1: 4361 + offset, api2: 4362 + offset } as const;

// Both instances must unseal each other's cookies and DPoP keys: one secret, as every instance behind a balancer has.
const SHARED_SESSION_SECRET = "instances-e2e-shared-session-secret-0123456789";
const common = { NEXT_TELEMETRY_DISABLED: "1", FABRIKAM_DEMO: "1" };
const issuer = localUrl(INSTANCE_PORTS.idp);

/** What the servers are told: the IdP knows both origins and notifies instance A alone, as it would a balancer. */
function specs(databaseUrl: string): ServerSpec[] {
  const app = (name: string, port: number, apiPort: number): ServerSpec => ({
    name: `instances app ${name} :${port}`,
    args: ["node_modules/next/dist/bin/next", "start", "--port", String(port)],
    ready: READY.app,
    env: {
      ...common,
      PORT: String(port),
      APP_BASE_URL: localUrl(port),
      OIDC_ISSUER: issuer,
      FABRIKAM_API_URL: localUrl(apiPort),
      SESSION_SECRET: SHARED_SESSION_SECRET,
      DATABASE_URL: databaseUrl,
      // As behind a balancer, both give the provider one URL for Shared Signals pushes: A's.
      SSF_EVENTS_URL: `${localUrl(INSTANCE_PORTS.appA)}/auth/ssf/events`,
    },
  });
  const api = (name: string, port: number): ServerSpec => ({
    name: `instances api ${name} :${port}`,
    args: ["--import", "tsx", "api/server.ts"],
    ready: READY.api,
    env: { ...common, API_PORT: String(port), OIDC_ISSUER: issuer, DATABASE_URL: databaseUrl },
  });
  return [
    {
      name: `instances idp :${INSTANCE_PORTS.idp}`,
      args: ["--import", "tsx", "idp/server.ts"],
      ready: READY.idp,
      env: {
        ...common,
        IDP_PORT: String(INSTANCE_PORTS.idp),
        APP_BASE_URL: localUrl(INSTANCE_PORTS.appA),
        IDP_APP_ORIGINS: [INSTANCE_PORTS.appA, INSTANCE_PORTS.appB].map(localUrl).join(","),
        IDP_BACKCHANNEL_LOGOUT_URI: `${localUrl(INSTANCE_PORTS.appA)}/auth/backchannel-logout`,
        IDP_DIRECTORY_URL: localUrl(INSTANCE_PORTS.api1),
        IDP_DATA_DIR: `.data/e2e/idp-${INSTANCE_PORTS.idp}`,
        IDP_TEST_ALLOW_OTP_REUSE: "1",
      },
    },
    api("1", INSTANCE_PORTS.api1),
    api("2", INSTANCE_PORTS.api2),
    app("A", INSTANCE_PORTS.appA, INSTANCE_PORTS.api1),
    app("B", INSTANCE_PORTS.appB, INSTANCE_PORTS.api2),
  ];
}

/** The running topology. */
export interface Instances {
  readonly idp: string;
  readonly appA: string;
  readonly appB: string;
  readonly api1: string;
  readonly api2: string;
  /** The fresh database every instance uses, for the tests to read what the instances wrote. */
  readonly databaseUrl: string;
  stop(): Promise<void>;
}

/** Creates a fresh database on `serverUrl`, starts the five servers at once, and resolves once all listen. */
export async function startInstances(serverUrl: string): Promise<Instances> {
  const database = await createTestDatabase(serverUrl, "e2e_instances");
  const results = await Promise.allSettled(
    specs(database.url).map((spec) =>
      startOwnProcess(spec, { timeoutMs: 120_000, onStderr: (text) => process.stderr.write(text.replace(/^(?=.)/gm, `[${spec.name}] `)) }),
    ),
  );
  const running = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stop = async (servers: OwnProcess[]) => {
    await Promise.all(servers.map((server) => server.stop()));
    await database.drop();
  };
  const failed = results.find((result) => result.status === "rejected");
  if (failed) {
    await stop(running);
    throw failed.reason;
  }
  return {
    idp: issuer,
    appA: localUrl(INSTANCE_PORTS.appA),
    appB: localUrl(INSTANCE_PORTS.appB),
    api1: localUrl(INSTANCE_PORTS.api1),
    api2: localUrl(INSTANCE_PORTS.api2),
    databaseUrl: database.url,
    stop: () => stop(running),
  };
}
