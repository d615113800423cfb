/**
 * Helix wire shapes (snake_case, as Twitch sends them) and their conversion to the project's camelCase
 * records. Nothing outside platforms/twitch sees these types.
 */

/** One entry of Get Streams `data` (twitch-protocol.md 2.2). `tags` can be null. */
export interface HelixStreamWire {
  id: string;
  user_id: string;
  user_login: string;
  user_name: string;
  game_id: string;
  game_name: string;
  type: string;
  title: string;
  tags: string[] | null;
  viewer_count: number;
  started_at: string;
  language: string;
  thumbnail_url: string;
  tag_ids?: string[];
  is_mature: boolean;
}

export interface HelixPaginationWire {
  cursor?: string;
}

export interface HelixPageWire<T> {
  data: T[];
  pagination?: HelixPaginationWire;
}

/** POST /oauth2/token answer for client credentials. */
export interface HelixAppTokenWire {
  access_token: string;
  expires_in: number;
  token_type: string;
}

/** GET /oauth2/validate answer for a user token. */
export interface HelixTokenValidationWire {
  client_id: string;
  login?: string;
  user_id?: string;
  scopes?: string[] | null;
  expires_in: number;
}

/** Error body of Helix and the auth endpoints: `{"error":"Unauthorized","status":401,"message":"Invalid OAuth token"}`. */
export interface HelixErrorWire {
  error?: string;
  status?: number;
  message?: string;
}

/** A live stream as discovery needs it. */
export interface LiveStream {
  /** Stream id. */
  id: string;
  /** The broadcaster's user id (the channel id). */
  userId: string;
  login: string;
  displayName: string;
  gameId: string | null;
  gameName: string | null;
  language: string | null;
  viewerCount: number;
  title: string | null;
  /** ISO 8601 UTC. */
  startedAt: string | null;
}

/** Converts one Get Streams entry; null when it lacks the fields a channel needs (counted by the caller). */
export function toLiveStream(wire: unknown): LiveStream | null {
  if (typeof wire !== "object" || wire === null) return null;
  const w = wire as Partial<HelixStreamWire>;
  if (typeof w.user_id !== "string" || w.user_id === "" || typeof w.user_login !== "string" || w.user_login === "") return null;
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  const started = text(w.started_at);
  return {
    id: typeof w.id === "string" ? w.id : "",
    userId: w.user_id,
    login: w.user_login.toLowerCase(),
    displayName: text(w.user_name) ?? w.user_login,
    gameId: text(w.game_id),
    gameName: text(w.game_name),
    language: text(w.language),
    viewerCount: typeof w.viewer_count === "number" && w.viewer_count >= 0 ? w.viewer_count : 0,
    title: text(w.title),
    startedAt: started !== null && !Number.isNaN(Date.parse(started)) ? new Date(Date.parse(started)).toISOString().replace(".000Z", "Z") : null,
  };
}
