/**
 * The web map in headless chromium on real runs (twitchoverlap 2022-01, twitchatlas 2021-01, a graph with a
 * markup login) served by the real server: open time, search latency, the panel against edges.csv, hiding and
 * highlighting communities, switching runs, escaping, and the static export. Screenshots go to test-artifacts/web.
 */
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactsDir, CHROMIUM, HAS_CHROMIUM, launchChromium } from "../../test/support/browser.js";
import { startStaticServer } from "../../test/support/staticServer.js";
import { buildWebTestLake, MARKUP_LOGIN, neighboursFromEdgesCsv, TWITCHATLAS_2021_01, TWITCHOVERLAP_2022_01, type WebTestLake, writeMarkupGraph } from "../../test/support/webRuns.js";
import { type AtlasServer, ensureWebApp, exportSite, startAtlasServer } from "./index.js";

if (!HAS_CHROMIUM) console.warn(`web map browser tests skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

/** What the app exposes on window.__atlas (src/web/app/main.ts). */
interface AtlasHook {
  ready: boolean;
  runId: string | null;
  mode: "api" | "static";
  openMs: number | null;
  lastSearchMs(): number | null;
  selected(): string | null;
  isHidden(login: string): boolean;
  isHighlighted(login: string): boolean;
  hiddenCommunities(): number[];
}
declare const window: { __atlas: AtlasHook };

describe.skipIf(!HAS_CHROMIUM)("web map in chromium", () => {
  const shots = artifactsDir("web");
  let lake: WebTestLake;
  let server: AtlasServer;
  let browser: Browser;
  let page: Page;
  let runs: { overlap: string; atlas: string; markup: string };
  const problems: string[] = [];
  const dialogs: string[] = [];
  const runFile = async (runId: string, name: string) => Buffer.from((await lake.lake.get(`analysis/run=${runId}/${name}`))!).toString("utf8");
  const ready = (runId: string) => page.waitForSelector(`body[data-ready="${runId}"]`, { timeout: 20_000 });
  // The hook call runs in the page: the function travels as its source text.
  const atlas = <T>(fn: (a: AtlasHook) => T) => page.evaluate(`(${fn.toString()})(window.__atlas)`) as Promise<T>;

  beforeAll(async () => {
    // Oldest first, so twitchoverlap 2022-01 is the latest run the map opens on.
    const dir = await mkdtemp(path.join(tmpdir(), "web-map-"));
    lake = await buildWebTestLake([await writeMarkupGraph(dir), TWITCHATLAS_2021_01, TWITCHOVERLAP_2022_01], { dir });
    runs = { markup: lake.runIds.markup, atlas: lake.runIds[TWITCHATLAS_2021_01.name], overlap: lake.runIds[TWITCHOVERLAP_2022_01.name] };
    server = await startAtlasServer(lake.lake, { port: 0, appDir: (await ensureWebApp()).dir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (lake) await rm(lake.dir, { recursive: true, force: true });
  });

  it("opens the map of twitchoverlap 2022-01 and shows every community", async () => {
    await page.goto(server.url);
    await ready(runs.overlap);
    const openMs = await atlas((a) => a.openMs);
    console.log(`web map open (navigation to first frame, 2022-01: 1,682 channels, 14,214 edges): ${Math.round(openMs!)} ms`);
    // The 2 s target is measured by `npm run bench web` (0.7 s); on a loaded 2-core CI machine a tight limit here
    // only flakes, so the test keeps a ceiling that catches a map that hangs, not one that is a little slow.
    expect(openMs).toBeLessThan(10_000);
    const bundle = JSON.parse(await runFile(runs.overlap, "web.json"));
    expect(await page.locator("#community-list li").count()).toBe(bundle.communities.length);
    expect(await page.locator("#run-select option").count()).toBe(3);
    expect(await page.locator("#downloads a").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toContain(`api/runs/${runs.overlap}/files/atlas.png`);
    await page.screenshot({ path: path.join(shots, "1-open-2022-01.png") });
  });

  it("suggests channels in under 100 ms and shows the chosen one's top neighbours as edges.csv ranks them", async () => {
    await page.focus("#search-input");
    await page.keyboard.type("xqc");
    await page.waitForSelector("#search-list li[role=option]");
    const latency = await atlas((a) => a.lastSearchMs());
    console.log(`web map search latency (keypress to suggestions): ${latency!.toFixed(1)} ms`);
    expect(latency).toBeLessThan(100);
    expect(await page.getAttribute("#search-input", "aria-expanded")).toBe("true");
    expect(await page.getAttribute("#search-list li[role=option] >> nth=0", "data-login")).toBe("xqcow");
    await page.screenshot({ path: path.join(shots, "2-search.png") });

    await page.keyboard.press("Enter");
    await page.waitForSelector("#neighbour-table");
    expect(await atlas((a) => a.selected())).toBe("xqcow");
    const shown = await page.locator("#neighbour-table tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-login")));
    expect(shown).toEqual(neighboursFromEdgesCsv(await runFile(runs.overlap, "edges.csv"), "xqcow", 10));
    expect(shown).toHaveLength(10);
    const link = page.locator("a.twitch-link");
    expect(await link.getAttribute("href")).toBe("https://www.twitch.tv/xqcow");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await page.evaluate((login) => window.__atlas.isHighlighted(login), shown[0]!)).toBe(true);
    const edgesCsv = await runFile(runs.overlap, "edges.csv");
    const allNeighbours = new Set(neighboursFromEdgesCsv(edgesCsv, "xqcow", Infinity));
    const stranger = JSON.parse(await runFile(runs.overlap, "web.json")).nodes.map((n: string[]) => n[0]).find((id: string) => id !== "xqcow" && !allNeighbours.has(id));
    expect(await page.evaluate((login) => window.__atlas.isHighlighted(login), stranger)).toBe(false);
    expect(page.url()).toContain("channel=xqcow");
    await page.waitForTimeout(600); // the camera's flight, for the screenshot only
    await page.screenshot({ path: path.join(shots, "3-channel-xqcow.png") });

    // A neighbour in the panel is a button: Enter on it selects that channel.
    await page.focus(`#neighbour-table button[data-login="${shown[0]}"]`);
    await page.keyboard.press("Enter");
    expect(await atlas((a) => a.selected())).toBe(shown[0]);
    await page.keyboard.press("Escape");
    expect(await atlas((a) => a.selected())).toBe(null);
    expect(await page.isHidden("#panel")).toBe(true);
  });

  it("hides a community from its checkbox and highlights one from its name", async () => {
    const bundle = JSON.parse(await runFile(runs.overlap, "web.json"));
    const community = bundle.nodes.find((n: unknown[]) => n[0] === "xqcow")[2] as number;
    const other = bundle.nodes.find((n: unknown[]) => n[2] !== community)[0] as string;
    await page.click(`#community-list input[data-community="${community}"]`);
    expect(await atlas((a) => a.hiddenCommunities())).toEqual([community]);
    expect(await atlas((a) => a.isHidden("xqcow"))).toBe(true);
    expect(await page.evaluate((login) => window.__atlas.isHidden(login), other)).toBe(false);
    await page.screenshot({ path: path.join(shots, "4-community-hidden.png") });
    await page.click(`#community-list input[data-community="${community}"]`);
    expect(await atlas((a) => a.isHidden("xqcow"))).toBe(false);

    await page.click(`#community-list button[data-community="${community}"]`);
    expect(await page.getAttribute(`#community-list button[data-community="${community}"]`, "aria-pressed")).toBe("true");
    const info = bundle.communities.find((c: { id: number }) => c.id === community);
    expect(await page.textContent("#panel .panel-title")).toBe(info.label);
    expect(await page.locator("#panel .top-channels button").evaluateAll((b) => b.map((x) => x.getAttribute("data-login")))).toEqual(info.topChannels);
    expect(await atlas((a) => a.isHighlighted("xqcow"))).toBe(true);
    expect(await page.evaluate((login) => window.__atlas.isHighlighted(login), other)).toBe(false);
    await page.screenshot({ path: path.join(shots, "5-community-highlight.png") });
  });

  it("switches runs from the run picker", async () => {
    await page.selectOption("#run-select", runs.atlas);
    await ready(runs.atlas);
    expect(await atlas((a) => a.runId)).toBe(runs.atlas);
    const bundle = JSON.parse(await runFile(runs.atlas, "web.json"));
    expect(await page.locator("#community-list li").count()).toBe(bundle.communities.length);
    expect(await page.textContent("#run-summary")).toContain("575 channels");
    await page.screenshot({ path: path.join(shots, "6-run-twitchatlas-2021-01.png") });
  });

  it("shows a login holding markup as text, never as markup", async () => {
    await page.selectOption("#run-select", runs.markup);
    await ready(runs.markup);
    await page.fill("#search-input", "");
    await page.focus("#search-input");
    await page.keyboard.type("script");
    await page.waitForSelector("#search-list li[role=option]");
    expect(await page.textContent("#search-list li[role=option] .option-label")).toBe(MARKUP_LOGIN);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#neighbour-table");
    expect(await page.textContent("#panel .panel-title")).toBe(MARKUP_LOGIN);
    expect(await page.locator("#panel a.twitch-link").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(1);
    expect(await page.evaluate(() => document.querySelector("#panel")!.innerHTML)).toContain("&lt;script&gt;");
    await page.screenshot({ path: path.join(shots, "7-markup-login.png") });
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("works as a static site from export-site, with no API", async () => {
    const siteDir = path.join(lake.dir, "site");
    const site = await exportSite(lake.lake, siteDir, { appDir: (await ensureWebApp()).dir, runs: "all" });
    expect(site.runs.sort()).toEqual(Object.values(runs).sort());
    expect(JSON.parse(await readFile(path.join(siteDir, "runs.json"), "utf8")).latest).toBe(runs.overlap);
    // The reported size is every file written, the app's own files included.
    const written = (await readdir(siteDir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile());
    expect(site.files).toBe(written.length);
    expect(site.bytes).toBe((await Promise.all(written.map((d) => stat(path.join(d.parentPath, d.name))))).reduce((n, s) => n + s.size, 0));
    const host = await startStaticServer(siteDir);
    try {
      const staticPage = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      await staticPage.goto(host.url);
      await staticPage.waitForSelector(`body[data-ready="${runs.overlap}"]`, { timeout: 20_000 });
      expect(await staticPage.evaluate(() => window.__atlas.mode)).toBe("static");
      expect(await staticPage.locator("#run-select option").count()).toBe(3);
      const png = await staticPage.getAttribute('#downloads a[data-file="atlas.png"]', "href");
      expect(png).toBe(`runs/${runs.overlap}/atlas.png`);
      expect((await staticPage.request.get(host.url + png)).status()).toBe(200);
      await staticPage.screenshot({ path: path.join(shots, "8-static-site.png") });
      await staticPage.close();
    } finally {
      await host.close();
    }
  });
});
