/**
 * `vieweratlas serve [--port 8080] [--host 127.0.0.1]`: builds the web map if its sources changed, then serves
 * it with the read-only run API over the configured lake until SIGINT or SIGTERM. Binds to localhost unless told.
 */
import type { Command } from "commander";
import { ConfigError } from "../../core/index.js";
import { type AtlasServer, ensureWebApp, SERVE_DEFAULTS, startAtlasServer } from "../../web/index.js";
import { addGlobalOptions, type GlobalFlags, openContext } from "../commandContext.js";
import type { CliEffects } from "../context.js";

export interface ServeFlags extends GlobalFlags {
  port?: string;
  host?: string;
}

export function register(program: Command, effects: CliEffects): void {
  addGlobalOptions(
    program
      .command("serve")
      .description("serve the interactive web map and a read-only JSON API over the lake's runs")
      .option("--port <n>", `port (0: any free port)`, String(SERVE_DEFAULTS.port))
      .option("--host <host>", "address to bind (a non-loopback address exposes the map to the network)", SERVE_DEFAULTS.host),
  ).action(async (flags: ServeFlags) => {
    const server = await startServeCommand(effects, flags);
    await waitForSignal();
    await server.close();
  });
}

/** Starts the server and prints its URL; the caller decides when to close it. */
export async function startServeCommand(effects: CliEffects, flags: ServeFlags): Promise<AtlasServer> {
  const port = Number(flags.port ?? SERVE_DEFAULTS.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`serve: --port must be a whole number from 0 to 65535, got ${JSON.stringify(flags.port)}`);
  const host = flags.host ?? SERVE_DEFAULTS.host;
  const { lake, logger } = await openContext(effects, flags);
  const app = await ensureWebApp();
  logger.info({ dir: app.dir, built: app.built, ms: Math.round(app.ms) }, app.built ? "serve: built the web map" : "serve: web map up to date");
  let server: AtlasServer;
  try {
    server = await startAtlasServer(lake, { port, host, appDir: app.dir, logger });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new ConfigError(`serve: port ${port} on ${host} is in use; choose another with --port`, [], { cause: error });
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new ConfigError(`serve: cannot bind ${host}: no such local address`, [], { cause: error });
    throw error;
  }
  effects.stdout.write(`ViewerAtlas map on ${server.url} (lake ${lake.location}); Ctrl-C stops it\n`);
  return server;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
