/**
 * Builds a HelixClient with its app-token provider from credentials and URLs, resolving the defaults once;
 * and validates a user token (the IRC login of TWITCH_OAUTH_TOKEN).
 */
import { type Logger, PlatformError, type Scheduler, silentLogger, systemScheduler } from "../../../core/index.js";
import { APP_TOKEN_DEFAULTS, AppTokenProvider, HelixAuthError } from "./AppTokenProvider.js";
import { HELIX_CLIENT_DEFAULTS, HelixClient } from "./HelixClient.js";
import { errorText, type FetchLike, type HelixHttpOptions, type HelixWaitReason, sendWithRetries } from "./helixHttp.js";
import type { HelixTokenValidationWire } from "./streams.external.js";

export interface HelixSetup {
  clientId: string;
  clientSecret: string;
  helixUrl: string;
  authUrl: string;
  pageSize?: number;
  maxRateLimitWaits?: number;
  requestTimeoutMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Default: global fetch. */
  fetch?: FetchLike;
  scheduler?: Scheduler;
  logger?: Logger;
  signal?: AbortSignal;
  onWait?: (ms: number, reason: HelixWaitReason) => void;
}

export function resolveHelixHttp(setup: Omit<HelixSetup, "clientId" | "clientSecret" | "helixUrl" | "authUrl">): HelixHttpOptions {
  return {
    fetch: setup.fetch ?? ((url, init) => fetch(url, init)),
    scheduler: setup.scheduler ?? systemScheduler,
    logger: setup.logger ?? silentLogger(),
    requestTimeoutMs: setup.requestTimeoutMs ?? HELIX_CLIENT_DEFAULTS.requestTimeoutMs,
    maxAttempts: setup.maxAttempts ?? HELIX_CLIENT_DEFAULTS.maxAttempts,
    backoffBaseMs: setup.backoffBaseMs ?? HELIX_CLIENT_DEFAULTS.backoffBaseMs,
    backoffMaxMs: setup.backoffMaxMs ?? HELIX_CLIENT_DEFAULTS.backoffMaxMs,
    signal: setup.signal,
    onWait: setup.onWait,
  };
}

export function createHelixClient(setup: HelixSetup): { client: HelixClient; tokens: AppTokenProvider } {
  const http = resolveHelixHttp(setup);
  const tokens = new AppTokenProvider({
    clientId: setup.clientId,
    clientSecret: setup.clientSecret,
    authUrl: setup.authUrl,
    renewBeforeMs: APP_TOKEN_DEFAULTS.renewBeforeMs,
    http,
  });
  const client = new HelixClient({
    helixUrl: setup.helixUrl,
    tokens,
    http,
    pageSize: setup.pageSize ?? HELIX_CLIENT_DEFAULTS.pageSize,
    maxRateLimitWaits: setup.maxRateLimitWaits ?? HELIX_CLIENT_DEFAULTS.maxRateLimitWaits,
  });
  return { client, tokens };
}

/** The login a user token belongs to (GET /oauth2/validate); HelixAuthError when Twitch refuses the token. */
export async function validateUserToken(token: string, authUrl: string, http: HelixHttpOptions): Promise<{ login: string; clientId: string }> {
  const result = await sendWithRetries({ method: "GET", url: `${authUrl.replace(/\/$/, "")}/validate`, headers: { Authorization: `OAuth ${token}` } }, http);
  if (result.status === 401) throw new HelixAuthError(`helix: user token refused (HTTP 401${errorText(result.json)}); check TWITCH_OAUTH_TOKEN`);
  const wire = result.json as Partial<HelixTokenValidationWire> | null;
  if (result.status !== 200 || typeof wire?.login !== "string" || wire.login === "") {
    throw new PlatformError(`helix: GET /oauth2/validate: HTTP ${result.status}${errorText(result.json)} (a user token with a login is needed for IRC)`);
  }
  return { login: wire.login.toLowerCase(), clientId: typeof wire.client_id === "string" ? wire.client_id : "" };
}
