import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../main.js";
import { captureEffects } from "../../../test/support/cliEffects.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "va-import-presence-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("vieweratlas import presence", () => {
  it("imports a Twitch dataset CSV, reports the bad row by file and line, and exits 0", async () => {
    const file = path.join(dir, "sample.csv");
    await writeFile(file, "1,9,alpha,0,2\n2,9,alpha,1,3\nbad row\n1,8,beta,200,201\n");
    const fx = captureEffects({ cwd: dir });
    const code = await main(["node", "vieweratlas", "import", "presence", "sample.csv", "--format", "twitch-dataset", "--lake", "lake", "--log-level", "silent"], fx.effects);
    expect(fx.stderr.text()).toBe("");
    expect(code).toBe(0);
    expect(fx.stdout.text()).toContain("3 read, 1 skipped");
    expect(fx.stdout.text()).toContain(`${file}:3:`);
    expect(fx.stdout.text()).toContain("vieweratlas analyze --since 2019-01-01 --until 2019-01-02");
  });

  it("refuses an unknown format with a usage error", async () => {
    const fx = captureEffects({ cwd: dir });
    const code = await main(["node", "vieweratlas", "import", "presence", "x.csv", "--format", "nope", "--lake", "lake"], fx.effects);
    expect(code).toBe(2);
    expect(fx.stderr.text()).toMatch(/--format must be one of twitch-dataset/);
  });
});
