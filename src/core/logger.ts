/**
 * Structured logs: pino, JSON when stderr is not a terminal, readable lines when it is.
 * Known secret fields are censored by path, and secret values by content (see secrets.ts).
 */
import pino, { type Logger as PinoLogger } from "pino";
import { prettyFactory } from "pino-pretty";
import { redact, secretValues } from "./secrets.js";

export type Logger = PinoLogger;
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "silent";

const REDACT_PATHS = [
  "token", "*.token", "accessToken", "*.accessToken", "access_token", "*.access_token",
  "clientSecret", "*.clientSecret", "client_secret", "*.client_secret", "password", "*.password",
  "authorization", "*.authorization", "headers.authorization", "*.headers.authorization", "oauthToken", "*.oauthToken",
];

export interface LoggerOptions {
  level?: LogLevel;
  /** Pretty lines for a terminal; defaults to whether stderr is a TTY. */
  pretty?: boolean;
  /** Where lines go; defaults to stderr. Tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const env = options.env ?? process.env;
  const secrets = secretValues(env);
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const target = options.destination ?? process.stderr;
  // Lines are formatted (pretty or JSON) and then scrubbed of secret values synchronously, so a token inside a
  // message or an error text is masked as well as one in a known field, and lines keep their order with our
  // own stderr writes.
  const format = pretty ? prettyFactory({ colorize: Boolean((target as { isTTY?: boolean }).isTTY), ignore: "pid,hostname" }) : null;
  const stream = {
    write(line: string) {
      const text = format ? format(line) : line;
      target.write(secrets.length ? redact(text, secrets) : text);
    },
  };
  return pino(
    { level: options.level ?? "info", redact: { paths: REDACT_PATHS, censor: "****" }, base: undefined },
    stream,
  );
}

/** A logger that drops everything; the default in tests. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}

