/**
 * One HTTP exchange with Twitch's Helix or auth endpoints: a timeout on the injected scheduler, and retries
 * with exponential backoff on timeouts, network errors and 5xx. Other statuses go back to the caller, who
 * knows what a 401 or 429 means for it. Errors name the method and path, never a header, body or secret.
 */
import { type Logger, PlatformError, type Scheduler } from "../../../core/index.js";

/** The part of a fetch Response the client reads; global fetch satisfies it. */
export interface HttpResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<HttpResponseLike>;

export type HelixWaitReason = "retry" | "rate-limit";

export interface HelixHttpOptions {
  fetch: FetchLike;
  scheduler: Scheduler;
  logger: Logger;
  /** A request with no answer after this long is aborted and retried. */
  requestTimeoutMs: number;
  /** Attempts per request on timeouts, network errors and 5xx. */
  maxAttempts: number;
  /** Backoff before attempt n+1: base * 2^(n-1), capped. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Stops waits and requests in flight (shutdown). */
  signal?: AbortSignal;
  /** Called when the client starts waiting (tests move the manual clock; metrics). */
  onWait?: (ms: number, reason: HelixWaitReason) => void;
}

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResult {
  status: number;
  headers: { get(name: string): string | null };
  /** The body parsed as JSON, or null when it is not JSON. */
  json: unknown;
}

/** `GET /helix/streams`: what errors and logs call a request (no query, no host). */
export function describeRequest(request: HttpRequest): string {
  return `${request.method} ${new URL(request.url).pathname}`;
}

/** Waits `ms` on the injected scheduler; rejects with a PlatformError when `signal` aborts. */
export function wait(ms: number, reason: HelixWaitReason, o: Pick<HelixHttpOptions, "scheduler" | "signal" | "onWait">): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (o.signal?.aborted) return reject(new PlatformError("helix: stopped"));
    const onAbort = () => {
      timer.cancel();
      reject(new PlatformError("helix: stopped"));
    };
    const timer = o.scheduler.schedule(ms, () => {
      o.signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    o.signal?.addEventListener("abort", onAbort, { once: true });
    o.onWait?.(ms, reason);
  });
}

/** Sends once; resolves with the status and parsed body, or rejects (timeout, network) with a plain Error. */
async function sendOnce(request: HttpRequest, o: HelixHttpOptions): Promise<HttpResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = o.scheduler.schedule(o.requestTimeoutMs, () => {
    timedOut = true;
    controller.abort();
  });
  const onAbort = () => controller.abort();
  o.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const response = await o.fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: controller.signal });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: response.status, headers: response.headers, json };
  } catch (error) {
    if (o.signal?.aborted) throw new PlatformError("helix: stopped");
    throw new Error(timedOut ? `no answer within ${o.requestTimeoutMs} ms` : `network error: ${(error as Error).message}`);
  } finally {
    timer.cancel();
    o.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Sends `request`, retrying timeouts, network errors and 5xx up to `maxAttempts` times with exponential
 * backoff. Any other status is returned. Throws PlatformError when every attempt failed.
 */
export async function sendWithRetries(request: HttpRequest, o: HelixHttpOptions): Promise<HttpResult> {
  const what = describeRequest(request);
  let last = "";
  for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
    if (attempt > 1) {
      const delay = Math.min(o.backoffMaxMs, o.backoffBaseMs * 2 ** (attempt - 2));
      o.logger.warn({ request: what, attempt, delayMs: delay, problem: last }, "helix: retrying");
      await wait(delay, "retry", o);
    }
    try {
      const result = await sendOnce(request, o);
      if (result.status < 500) return result;
      last = `HTTP ${result.status}${errorText(result.json)}`;
    } catch (error) {
      if (error instanceof PlatformError) throw error;
      last = (error as Error).message;
    }
  }
  throw new PlatformError(`helix: ${what} failed after ${o.maxAttempts} attempts: ${last}`);
}

/** `: <message>` from a Twitch error body, for error texts; empty when there is none. */
export function errorText(json: unknown): string {
  if (typeof json !== "object" || json === null) return "";
  const message = (json as { message?: unknown }).message;
  return typeof message === "string" && message !== "" ? `: ${message.slice(0, 200)}` : "";
}
