import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { captureEffects } from "../../test/support/cliEffects.js";
import { configFields, InputError } from "../core/index.js";
import { main, reportError } from "./main.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = mkdtempSync(path.join(tmpdir(), "atlas-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLIENT_ID = "id-7hd83kd92jd0";
const CLIENT_SECRET = "secret-p0o9i8u7y6t5";
const TOKEN = "oauth:tok4r3e2w1q0z9x8";
const SECRET_ENV = { TWITCH_CLIENT_ID: CLIENT_ID, TWITCH_CLIENT_SECRET: CLIENT_SECRET, TWITCH_OAUTH_TOKEN: TOKEN };
const SECRETS = [CLIENT_ID, CLIENT_SECRET, TOKEN, TOKEN.slice(6)];

async function run(args: string[], options: { env?: NodeJS.ProcessEnv } = {}) {
  const captured = captureEffects({ env: options.env, cwd: dir });
  const code = await main(["node", "vieweratlas", ...args], captured.effects);
  return { code, stdout: captured.stdout.text(), stderr: captured.stderr.text() };
}

function file(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return name;
}

describe("vieweratlas config show", () => {
  it("shows overlap_threshold 300 from the rigorous preset", async () => {
    const { code, stdout } = await run(["config", "show", "--preset", "rigorous"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^analysis\.overlap_threshold += 300 +\(preset rigorous\)$/m);
    expect(stdout).toMatch(/^analysis\.days += 30 +\(default\)$/m);
    expect(stdout.split("\n").filter((l) => /^\w+\.\w+ +=/.test(l))).toHaveLength(configFields().length);
  });

  it("shows each layer's source in JSON: preset < file < env < flag", async () => {
    file("show.yaml", "analysis:\n  overlap_threshold: 200\n  resolution: 3\n  seed: 9\n");
    const env = { VIEWERATLAS_ANALYSIS_OVERLAP_THRESHOLD: "100", VIEWERATLAS_ANALYSIS_RESOLUTION: "4" };
    const args = ["config", "show", "--json", "--preset", "rigorous", "--config", "show.yaml", "--set", "analysis.overlap_threshold=50", "--lake", "s3://bucket/atlas"];
    const { code, stdout } = await run(args, { env });
    expect(code).toBe(0);
    const shown = JSON.parse(stdout);
    expect(shown.config.analysis).toMatchObject({ overlap_threshold: 50, resolution: 4, seed: 9, min_community_size: 10, days: 30 });
    expect(shown.config.storage.lake).toBe("s3://bucket/atlas");
    expect(shown.sources).toMatchObject({
      "analysis.overlap_threshold": "flag",
      "analysis.resolution": "env",
      "analysis.seed": "file",
      "analysis.min_community_size": "preset",
      "analysis.days": "default",
      "storage.lake": "flag",
    });
    expect(shown.origins["analysis.seed"]).toBe("file show.yaml:4");
  });

  it("reports Twitch secrets only as set or unset, in text and JSON", async () => {
    for (const args of [["config", "show"], ["config", "show", "--json"]]) {
      const { code, stdout, stderr } = await run(args, { env: { ...SECRET_ENV, VIEWERATLAS_STORAGE_ENDPOINT: `http://x/?k=${CLIENT_SECRET}` } });
      expect(code).toBe(0);
      for (const secret of SECRETS) expect(stdout + stderr).not.toContain(secret);
      expect(stdout).toContain("TWITCH_OAUTH_TOKEN");
    }
    const text = (await run(["config", "show"], { env: { TWITCH_CLIENT_ID: CLIENT_ID } })).stdout;
    expect(text).toMatch(/^ {2}TWITCH_CLIENT_ID += \*\*\*\* \(set\)$/m);
    expect(text).toMatch(/^ {2}TWITCH_CLIENT_SECRET += \(unset\)$/m);
  });
});

describe("vieweratlas config validate and fields", () => {
  it("says valid for a good file", async () => {
    const { code, stdout } = await run(["config", "validate", file("good.yaml", readFileSync(path.join(repoRoot, "vieweratlas.example.yaml"), "utf8"))]);
    expect(stdout).toBe("good.yaml: valid\n");
    expect(code).toBe(0);
  });

  it("exits 2 with one line per problem for a bad file", async () => {
    const bad = file("bad.yaml", "analysis:\n  overlap_threshold: lots\n  algoritm: leiden\nvod:\n  bucket_len_s: 30\nstorage:\n  lake: s3://\n");
    const { code, stdout, stderr } = await run(["config", "validate", bad]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toEqual([
      'error: config: file bad.yaml:2 analysis.overlap_threshold: expected a number, got a string "lots" (allowed: number >= 0)',
      expect.stringMatching(/^error: config: file bad\.yaml:3 analysis\.algoritm: no such field; did you mean analysis\.algorithm\? \(allowed: /),
      "error: config: file bad.yaml:5 vod.bucket_len_s: must equal collection.bucket_len_s, VOD and live presence share one bucket length (allowed: 60)",
      "error: config: file bad.yaml:7 storage.lake: an s3:// location needs a bucket (allowed: s3://bucket/prefix or a local folder)",
    ]);
  });

  it("lists every field with its type, default and environment variable", async () => {
    const { code, stdout } = await run(["config", "fields", "--json"]);
    expect(code).toBe(0);
    const fields = JSON.parse(stdout) as { field: string; env: string; default: unknown }[];
    expect(fields).toHaveLength(configFields().length);
    expect(fields.find((f) => f.field === "analysis.overlap_threshold")).toMatchObject({ env: "VIEWERATLAS_ANALYSIS_OVERLAP_THRESHOLD", default: 1 });
    const markdown = (await run(["config", "fields", "--markdown"])).stdout;
    for (const f of configFields()) expect(markdown).toContain(`| \`${f.path}\` |`);
  });
});

describe("vieweratlas errors and exit codes", () => {
  it("prints the version from package.json", async () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    const { code, stdout } = await run(["--version"]);
    expect([code, stdout]).toEqual([0, `${version}\n`]);
  });

  it("treats an unknown command or option as a usage error (exit 2)", async () => {
    const unknown = await run(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown command 'frobnicate'/);
    expect((await run(["config", "show", "--bogus"])).code).toBe(2);
  });

  it("prints one line without --debug and the stack with it", async () => {
    const env = { VIEWERATLAS_ANALYSIS_OVERLAP_TRESHOLD: "5" };
    const plain = await run(["config", "show"], { env });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/^error: config: env VIEWERATLAS_ANALYSIS_OVERLAP_TRESHOLD: no such field; did you mean VIEWERATLAS_ANALYSIS_OVERLAP_THRESHOLD\? .*\n$/);
    const debug = await run(["config", "show", "--debug"], { env });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/^error: config: env VIEWERATLAS_ANALYSIS_OVERLAP_TRESHOLD/);
    expect(debug.stderr).toMatch(/\n\s+at loadConfig \(.*load\.ts:\d+:\d+\)/);
  });

  it("never prints a secret that sits inside an error", async () => {
    const cases = [
      ["config", "show", "--set", `${TOKEN.slice(6)}=1`],
      ["config", "show", "--set", `analysis.seed=${CLIENT_SECRET}`, "--debug"],
      ["config", "show", `--${CLIENT_ID}`],
      [TOKEN],
    ];
    for (const args of cases) {
      const { code, stdout, stderr } = await run(args, { env: SECRET_ENV });
      expect(code).toBe(2);
      expect(stderr).toContain("****");
      for (const secret of SECRETS) expect(stdout + stderr).not.toContain(secret);
    }
  });

  it("gives an unexpected error one line with a hint, and its causes with --debug", () => {
    const error = new Error(`Helix said no to ${TOKEN}\n  at some detail`, { cause: new Error("socket hang up") });
    const quiet = captureEffects({ env: SECRET_ENV });
    reportError(error, false, quiet.effects);
    expect(quiet.stderr.text()).toBe("error: Helix said no to **** … (run with --debug for the stack)\n");
    const loud = captureEffects({ env: SECRET_ENV });
    reportError(error, true, loud.effects);
    expect(loud.stderr.text()).toMatch(/^error: Helix said no to \*\*\*\* …\nError: Helix said no to \*\*\*\*\n/);
    expect(loud.stderr.text()).toContain("caused by: Error: socket hang up");
    const input = captureEffects();
    reportError(new InputError("import: chat.txt line 3: no timestamp"), false, input.effects);
    expect(input.stderr.text()).toBe("error: import: chat.txt line 3: no timestamp\n");
  });
});

describe("bin/vieweratlas.js as a real process", () => {
  const exec = promisify(execFile);
  const bin = path.join(repoRoot, "bin/vieweratlas.js");
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...SECRET_ENV };

  it("shows the rigorous preset's overlap_threshold and exits 0", async () => {
    const { stdout, stderr } = await exec(process.execPath, [bin, "config", "show", "--preset", "rigorous"], { env, cwd: dir });
    expect(stdout).toMatch(/^analysis\.overlap_threshold += 300 +\(preset rigorous\)$/m);
    for (const secret of SECRETS) expect(stdout + stderr).not.toContain(secret);
  });

  it("exits 2 with the problem on stderr for a bad environment", async () => {
    const failed = await exec(process.execPath, [bin, "config", "show"], { env: { ...env, VIEWERATLAS_RENDER_THEME: "sepia" }, cwd: dir }).catch((e) => e);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe("error: config: env VIEWERATLAS_RENDER_THEME render.theme: \"sepia\" is not one of the choices (allowed: dark, light)\n");
  });
});
