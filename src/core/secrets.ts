/**
 * Twitch credentials come only from the environment and never from config files, and every text
 * that leaves the process (logs, config output, error messages) can be passed through `redact`.
 */
export interface TwitchCredentials {
  clientId: string | null;
  clientSecret: string | null;
  oauthToken: string | null;
}

export const SECRET_ENV_VARS = ["TWITCH_CLIENT_ID", "TWITCH_CLIENT_SECRET", "TWITCH_OAUTH_TOKEN", "VIEWERATLAS_PSEUDONYM_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;

export function readTwitchCredentials(env: NodeJS.ProcessEnv): TwitchCredentials {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : null;
  };
  return {
    clientId: value("TWITCH_CLIENT_ID"),
    clientSecret: value("TWITCH_CLIENT_SECRET"),
    oauthToken: value("TWITCH_OAUTH_TOKEN")?.replace(/^oauth:/, "") ?? null,
  };
}

/** Masks a secret for display: never more than its length class. */
export function maskSecret(value: string | null | undefined): string {
  if (!value) return "(unset)";
  return "****";
}

/** Secret values currently in the environment (4+ chars), longest first. */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  const values = new Set<string>();
  for (const name of SECRET_ENV_VARS) {
    const v = env[name];
    if (v && v.length >= 4) {
      values.add(v);
      if (v.startsWith("oauth:")) values.add(v.slice(6));
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** Replaces every secret value found in `text` with `****`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join("****");
  return out;
}
