import "server-only";
import type { JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { PUSH_DELIVERY, SSF_CONFIGURATION_PATH } from "@/common/ssf";
import { config } from "@/lib/config";
import { remoteKeySet } from "./remote-key-sets";

/** A transmitter that has not answered its metadata request after this long counts as down. */
const METADATA_TIMEOUT_MS = 5000;

const metadataSchema = z.object({
  issuer: z.string(),
  jwks_uri: z.url(),
  configuration_endpoint: z.url(),
  delivery_methods_supported: z.array(z.string()),
});

/** What the intranet uses of the provider's SSF 1.0 §7 metadata. */
export interface TransmitterMetadata {
  readonly issuer: string;
  readonly configurationEndpoint: string;
  /** The transmitter's signing keys (jose caches them and refetches for an unknown kid, at most every 30 s). */
  readonly keys: JWTVerifyGetKey;
}

/** Why there is no metadata: the provider offers no SSF, or could not be asked. */
export class TransmitterUnavailable extends Error {
  constructor(
    readonly code: "ssf_not_offered" | "ssf_unreachable" | "ssf_metadata_invalid",
    message: string,
  ) {
    super(message);
  }
}

// SSF 1.0 §7.2: the well-known path goes between the host and the issuer's path.
const metadataUrl = (issuer: string) => {
  const url = new URL(issuer);
  return new URL(`${SSF_CONFIGURATION_PATH}${url.pathname.replace(/\/$/, "")}`, url.origin);
};

let cached: Promise<TransmitterMetadata> | undefined;

/** The provider's transmitter metadata, fetched once per process; a failure is not kept, so the next call asks again. */
export function transmitterMetadata(): Promise<TransmitterMetadata> {
  cached ??= fetchMetadata().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function fetchMetadata(): Promise<TransmitterMetadata> {
  const { issuer } = config();
  let response: Response;
  try {
    response = await fetch(metadataUrl(issuer), { headers: { accept: "application/json" }, signal: AbortSignal.timeout(METADATA_TIMEOUT_MS) });
  } catch (error) {
    throw new TransmitterUnavailable(
      "ssf_unreachable",
      `the provider's SSF metadata could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (response.status === 404) throw new TransmitterUnavailable("ssf_not_offered", "the provider publishes no SSF transmitter metadata");
  const parsed = metadataSchema.safeParse(response.ok ? await response.json().catch(() => undefined) : undefined);
  if (!parsed.success) throw new TransmitterUnavailable("ssf_metadata_invalid", `the provider's SSF metadata is not usable (HTTP ${response.status})`);
  // SSF 1.0 §7.2: the metadata must name the issuer it was fetched for, or it is someone else's.
  if (parsed.data.issuer !== issuer)
    throw new TransmitterUnavailable("ssf_metadata_invalid", `the SSF metadata names issuer ${parsed.data.issuer}, not ${issuer}`);
  if (!parsed.data.delivery_methods_supported.includes(PUSH_DELIVERY))
    throw new TransmitterUnavailable("ssf_not_offered", "the transmitter offers no push delivery");
  return { issuer, configurationEndpoint: parsed.data.configuration_endpoint, keys: remoteKeySet(parsed.data.jwks_uri) };
}
