import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { captureEffects } from "../../test/support/cliEffects.js";
import { ConfigError } from "../core/index.js";
import { addGlobalOptions, type GlobalFlags, openContext } from "./commandContext.js";

const dir = mkdtempSync(path.join(tmpdir(), "atlas-context-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parseFlags(args: string[]): GlobalFlags {
  const command = addGlobalOptions(new Command("probe").exitOverride());
  command.parse(args, { from: "user" });
  return command.opts<GlobalFlags>();
}

describe("addGlobalOptions", () => {
  it("gives every command --config, --preset, --lake, --log-level and a repeatable --set", () => {
    const flags = parseFlags(["--config", "a.yaml", "--preset", "debug", "--lake", "here", "--log-level", "warn", "--set", "analysis.seed=1", "--set", "render.theme=light"]);
    expect(flags).toEqual({ config: "a.yaml", preset: "debug", lake: "here", logLevel: "warn", set: ["analysis.seed=1", "render.theme=light"] });
  });
});

describe("openContext", () => {
  it("opens the lake the flags name, with the config, its sources, a logger and progress", async () => {
    const { effects, stderr, clock } = captureEffects({ cwd: dir, env: { VIEWERATLAS_ANALYSIS_DAYS: "7" } });
    const flags = parseFlags(["--lake", "my-lake", "--set", "analysis.seed=5", "--preset", "rigorous"]);
    const context = await openContext(effects, flags);
    expect(context.config.storage.lake).toBe("my-lake");
    expect(context.config.analysis).toMatchObject({ seed: 5, days: 7, overlap_threshold: 300 });
    expect(context.sources).toMatchObject({ "storage.lake": "flag", "analysis.seed": "flag", "analysis.days": "env", "analysis.overlap_threshold": "preset" });
    expect(context.effects).toBe(effects);

    await context.lake.put("state/probe.txt", "hello");
    expect(Buffer.from((await context.lake.get("state/probe.txt")) as Uint8Array).toString()).toBe("hello");
    expect(context.lake.location).toBe(path.join(dir, "my-lake"));

    // Not a terminal: JSON log lines, and a finished stage becomes one of them.
    context.logger.info({ runs: 2 }, "hello from a command");
    const stage = context.progress.stage("compact", 10);
    clock.advance(2_000);
    stage.update(10);
    stage.end("2 partitions");
    const lines = stderr.text().trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ msg: "hello from a command", runs: 2, level: 30 });
    expect(lines[1]).toMatchObject({ msg: "compact done", stage: "compact", done: 10, total: 10, elapsedMs: 2000, perSecond: 5, result: "2 partitions" });
  });

  it("draws progress and writes readable logs on a terminal, at the configured level", async () => {
    const { effects, stderr } = captureEffects({ cwd: dir, tty: true });
    const context = await openContext(effects, parseFlags(["--lake", "tty-lake", "--log-level", "warn"]));
    context.logger.info("hidden at warn");
    context.logger.warn("shown at warn");
    context.progress.stage("layout", 4).update(1);
    const text = stderr.text();
    expect(text).not.toContain("hidden at warn");
    expect(text).toMatch(/WARN.*shown at warn/);
    expect(text).toContain("layout  0/4 0%");
  });

  it("refuses a --set without '=' and a bad value, as config errors", async () => {
    const { effects } = captureEffects({ cwd: dir });
    const missingEquals = await openContext(effects, { set: ["analysis.seed"] }).catch((e: unknown) => e);
    expect(missingEquals).toBeInstanceOf(ConfigError);
    expect((missingEquals as ConfigError).problems).toEqual(["config: flag --set analysis.seed: expected field=value (allowed: section.field=value)"]);
    await expect(openContext(effects, { logLevel: "loud" })).rejects.toThrow(/^config: flag logging\.level: "loud" is not one of the choices \(allowed: trace, debug, info, warn, error, silent\)$/);
  });
});
