/**
 * App access tokens by the client-credentials grant (twitch-protocol.md 2.5): fetched on first use, reused
 * until shortly before they expire, dropped when Helix answers 401 so the next request fetches a fresh one.
 * Refused credentials (400/401/403 from the token endpoint) are a HelixAuthError: retrying cannot help.
 */
import { PlatformError } from "../../../core/index.js";
import { errorText, type HelixHttpOptions, sendWithRetries } from "./helixHttp.js";
import type { HelixAppTokenWire } from "./streams.external.js";

/** Twitch refused the client id, secret or token: stop and tell the operator, do not retry. */
export class HelixAuthError extends PlatformError {}

/** What HelixClient needs from a token source: a token, and a way to say it was refused. */
export interface AppTokenSource {
  readonly clientId: string;
  getToken(): Promise<string>;
  /** Forget `token` (Helix answered 401 with it); the next getToken fetches a new one. */
  invalidate(token: string): void;
}

export interface AppTokenProviderOptions {
  clientId: string;
  clientSecret: string;
  /** OAuth base URL (collection.auth_url), e.g. https://id.twitch.tv/oauth2. */
  authUrl: string;
  /** A token is renewed this long before it expires. */
  renewBeforeMs: number;
  http: HelixHttpOptions;
}

export const APP_TOKEN_DEFAULTS = { renewBeforeMs: 5 * 60_000 };

export class AppTokenProvider implements AppTokenSource {
  readonly clientId: string;
  private token: string | null = null;
  private renewAtMs = 0;
  private fetching: Promise<string> | null = null;
  /** Tokens fetched so far (tests, logs). */
  fetched = 0;

  constructor(private readonly options: AppTokenProviderOptions) {
    this.clientId = options.clientId;
  }

  getToken(): Promise<string> {
    const now = this.options.http.scheduler.now();
    if (this.token !== null && now < this.renewAtMs) return Promise.resolve(this.token);
    // One request for everyone asking at once.
    this.fetching ??= this.fetchToken().finally(() => (this.fetching = null));
    return this.fetching;
  }

  invalidate(token: string): void {
    if (this.token === token) this.token = null;
  }

  private async fetchToken(): Promise<string> {
    const o = this.options;
    const body = new URLSearchParams({ client_id: o.clientId, client_secret: o.clientSecret, grant_type: "client_credentials" }).toString();
    const result = await sendWithRetries(
      { method: "POST", url: `${o.authUrl.replace(/\/$/, "")}/token`, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body },
      o.http,
    );
    if (result.status === 400 || result.status === 401 || result.status === 403) {
      throw new HelixAuthError(
        `helix: app token refused (HTTP ${result.status}${errorText(result.json)}); check TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET`,
      );
    }
    const wire = result.json as Partial<HelixAppTokenWire> | null;
    if (result.status !== 200 || typeof wire?.access_token !== "string" || wire.access_token === "") {
      throw new PlatformError(`helix: POST /oauth2/token: unexpected answer (HTTP ${result.status}${errorText(result.json)})`);
    }
    const lifetimeMs = typeof wire.expires_in === "number" && wire.expires_in > 0 ? wire.expires_in * 1000 : 60 * 60_000;
    this.token = wire.access_token;
    // Short-lived tokens are kept for at least half their life.
    this.renewAtMs = o.http.scheduler.now() + Math.max(lifetimeMs - o.renewBeforeMs, lifetimeMs / 2);
    this.fetched++;
    o.http.logger.debug({ expiresInS: Math.round(lifetimeMs / 1000) }, "helix: app token fetched");
    return wire.access_token;
  }
}
