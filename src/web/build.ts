/**
 * Bundles the browser app (src/web/app: TypeScript, sigma, graphology) with esbuild into three static files.
 * `ensureWebApp` keeps a built copy in a cache folder keyed by a hash of the app's sources and the bundled
 * packages' versions, so `serve` builds once after a change and a clean clone needs no prebuilt files.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { access, copyFile, mkdir, readFile, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, version as esbuildVersion } from "esbuild";
import { AtlasError } from "../core/index.js";

const APP_SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), "app");
const REPO_ROOT = path.resolve(APP_SOURCE, "../../..");

/** The built app: what `serve` serves at / and `export-site` copies. */
export const APP_FILES = ["index.html", "app.js", "app.css"] as const;

export interface BuiltApp {
  dir: string;
  /** Whether this call built it (false: found in the cache). */
  built: boolean;
  ms: number;
}

/** Builds the app into `outDir` (created if needed). */
export async function buildWebApp(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  try {
    await build({
      entryPoints: [path.join(APP_SOURCE, "main.ts")],
      outfile: path.join(outDir, "app.js"),
      bundle: true,
      format: "esm",
      platform: "browser",
      target: ["es2020"],
      minify: true,
      legalComments: "none",
      logLevel: "silent",
      define: { "process.env.NODE_ENV": '"production"' },
    });
  } catch (error) {
    throw new AtlasError(`web: building the map app failed: ${(error as Error).message}`, { cause: error });
  }
  await copyFile(path.join(APP_SOURCE, "index.html"), path.join(outDir, "index.html"));
  await copyFile(path.join(APP_SOURCE, "style.css"), path.join(outDir, "app.css"));
}

/** The built app for the current sources: from the cache when there, else built into it. */
export async function ensureWebApp(options: { cacheRoot?: string; now?: () => number } = {}): Promise<BuiltApp> {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const root = options.cacheRoot ?? (await defaultCacheRoot());
  const dir = path.join(root, appSourceHash());
  if (await isComplete(dir)) return { dir, built: false, ms: now() - t0 };
  // Built beside, then renamed: a concurrent reader (another test worker, a second serve) never sees half an app.
  const tmp = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await buildWebApp(tmp);
  try {
    await rename(tmp, dir);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    if (!(await isComplete(dir))) throw new AtlasError(`web: cannot store the built app in ${dir}`, { cause: error });
  }
  return { dir, built: true, ms: now() - t0 };
}

/** Hash of every app source file and of the bundled packages' versions. */
export function appSourceHash(): string {
  const hash = createHash("sha256");
  for (const name of readdirSync(APP_SOURCE).sort()) {
    if (name.endsWith(".test.ts")) continue;
    hash.update(name).update("\0").update(readFileSync(path.join(APP_SOURCE, name))).update("\0");
  }
  hash.update(`esbuild ${esbuildVersion}`);
  for (const pkg of ["sigma", "graphology"]) hash.update(`${pkg} ${packageVersion(pkg)}`);
  return hash.digest("hex").slice(0, 16);
}

/** The built files by URL path (`/`, `/app.js`, `/app.css`) with their content types. */
export async function readAppFiles(dir: string): Promise<Map<string, { body: Buffer; type: string }>> {
  const files = new Map<string, { body: Buffer; type: string }>();
  const types: Record<string, string> = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };
  for (const name of APP_FILES) {
    const body = await readFile(path.join(dir, name));
    const type = types[name.split(".").pop()!];
    files.set(`/${name}`, { body, type });
    if (name === "index.html") files.set("/", { body, type });
  }
  return files;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

async function isComplete(dir: string): Promise<boolean> {
  try {
    for (const name of APP_FILES) await access(path.join(dir, name));
    return true;
  } catch {
    return false;
  }
}

async function defaultCacheRoot(): Promise<string> {
  const candidates = [path.join(REPO_ROOT, "node_modules", ".cache", "vieweratlas-web"), path.join(os.tmpdir(), "vieweratlas-web")];
  for (const dir of candidates) {
    try {
      await mkdir(dir, { recursive: true });
      await access(dir, 2 /* W_OK */);
      return dir;
    } catch {
      // Read-only install: try the next place.
    }
  }
  throw new AtlasError(`web: no writable folder to build the map app in (tried ${candidates.join(", ")})`);
}
