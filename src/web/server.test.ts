import { request } from "node:http";
import { rm } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWebTestLake, MARKUP_LOGIN, neighboursFromEdgesCsv, TWITCHATLAS_2021_01, type WebTestLake, writeMarkupGraph } from "../../test/support/webRuns.js";
import { type AtlasServer, DOWNLOAD_FILES, ensureWebApp, type Neighbour, type RunList, SECURITY_HEADERS, startAtlasServer } from "./index.js";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/** A raw HTTP request: the path goes out exactly as written (no URL normalisation), like an attacker's would. */
function get(server: AtlasServer, rawPath: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("web server", () => {
  let lake: WebTestLake;
  let server: AtlasServer;
  let atlasRun: string;
  let markupRun: string;
  const lakeText = async (key: string) => Buffer.from((await lake.lake.get(key))!).toString("utf8");

  beforeAll(async () => {
    lake = await buildWebTestLake([TWITCHATLAS_2021_01]);
    const markup = await buildWebTestLake([await writeMarkupGraph(lake.dir)], { dir: lake.dir, startMs: Date.UTC(2024, 5, 1) });
    atlasRun = lake.runIds[TWITCHATLAS_2021_01.name];
    markupRun = markup.runIds.markup;
    server = await startAtlasServer(lake.lake, { port: 0, appDir: (await ensureWebApp()).dir });
  });
  afterAll(async () => {
    await server?.close();
    if (lake) await rm(lake.dir, { recursive: true, force: true });
  });

  it("binds to 127.0.0.1 by default and serves the app with its security headers", async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const page = await get(server, "/");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.text).toContain('<script type="module" src="app.js"></script>');
    expect(page.text).not.toMatch(/<script>[^<]/);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(page.headers[name.toLowerCase()]).toBe(value);
    expect(page.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(page.headers["content-security-policy"]).not.toContain("unsafe-inline");
    const script = await get(server, "/app.js");
    expect(script.status).toBe(200);
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect((await get(server, "/app.css")).headers["content-type"]).toBe("text/css; charset=utf-8");
  });

  it("lists every run, newest first, with the latest and a short input label", async () => {
    const answer = await get(server, "/api/runs");
    expect(answer.headers["cache-control"]).toBe("no-cache");
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    const list = JSON.parse(answer.text) as RunList;
    expect(list.latest).toBe(markupRun);
    expect(list.runs.map((r) => r.id)).toEqual([markupRun, atlasRun]);
    const atlas = list.runs[1];
    expect(atlas).toMatchObject({ channels: 575, edges: 4389, input: "01.17.2021.13.37.23EDGELIST.csv + 01.17.2021.13.37.23LABELS.csv" });
    expect(atlas.communities).toBeGreaterThan(5);
    expect(answer.text).not.toContain(lake.dir);
  });

  it("serves a run's web bundle by id and as latest", async () => {
    const byId = await get(server, `/api/runs/${atlasRun}/graph`);
    expect(byId.status).toBe(200);
    expect(byId.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(byId.text).toBe(await lakeText(`analysis/run=${atlasRun}/web.json`));
    const latest = JSON.parse((await get(server, "/api/runs/latest/graph")).text);
    expect(latest.summary.runId).toBe(markupRun);
    expect(latest.nodes.map((n: unknown[]) => n[0])).toContain(MARKUP_LOGIN);
  });

  it("answers a channel's top neighbours as the run's edges.csv ranks them, with both shares", async () => {
    const edgesCsv = await lakeText(`analysis/run=${atlasRun}/edges.csv`);
    // Logins are lower case in a run; the API also finds a channel spelt in another case.
    for (const [login, asked, limit] of [["xqcow", "xQcOW", 10], ["shroud", "shroud", 25], ["rubius", "rubius", 3]] as const) {
      const answer = await get(server, `/api/runs/${atlasRun}/channels/${asked}?limit=${limit}`);
      expect(answer.status).toBe(200);
      const body = JSON.parse(answer.text) as { channel: { id: string }; degree: number; neighbours: Neighbour[] };
      expect(body.channel.id).toBe(login);
      expect(body.neighbours.map((n) => n.id)).toEqual(neighboursFromEdgesCsv(edgesCsv, login, limit));
      expect(body.neighbours[0]).toHaveProperty("shareOfChannel");
      expect(body.neighbours[0]).toHaveProperty("shareOfNeighbour");
      expect(body.neighbours.length).toBe(limit);
    }
    const defaultLimit = JSON.parse((await get(server, `/api/runs/${atlasRun}/channels/xqcow`)).text);
    expect(defaultLimit.neighbours).toHaveLength(10);
    expect(defaultLimit.degree).toBeGreaterThan(10);
    expect((await get(server, `/api/runs/${atlasRun}/channels/xqcow?limit=0`)).status).toBe(400);
    expect((await get(server, `/api/runs/${atlasRun}/channels/xqcow?limit=abc`)).status).toBe(400);
  });

  it("finds a channel whose login holds markup, and returns it as JSON data", async () => {
    const answer = await get(server, `/api/runs/latest/channels/${encodeURIComponent(MARKUP_LOGIN)}`);
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
    const body = JSON.parse(answer.text);
    expect(body.channel.id).toBe(MARKUP_LOGIN);
    expect(body.neighbours.map((n: Neighbour) => n.id)).toEqual(["alpha", "beta"]);
  });

  it("serves the whitelisted run files as attachments, and nothing else of the run", async () => {
    for (const name of DOWNLOAD_FILES) {
      const answer = await get(server, `/api/runs/${atlasRun}/files/${name}`);
      expect(answer.status, name).toBe(200);
      expect(answer.headers["content-disposition"]).toBe(`attachment; filename="${atlasRun}-${name}"`);
      expect(answer.body.equals(Buffer.from((await lake.lake.get(`analysis/run=${atlasRun}/${name}`))!))).toBe(true);
    }
    expect((await get(server, `/api/runs/${atlasRun}/files/atlas.png`)).headers["content-type"]).toBe("image/png");
    expect((await get(server, `/api/runs/${atlasRun}/files/atlas.svg`)).headers["content-type"]).toBe("image/svg+xml");
    for (const name of ["summary.json", "layout.json", "web.json", "secret.txt", ""]) {
      expect((await get(server, `/api/runs/${atlasRun}/files/${name}`)).status, name).toBe(404);
    }
  });

  it("answers 404 with a JSON error for unknown runs, channels and paths", async () => {
    for (const p of ["/api/runs/1999-01-01T00-00-00Z/graph", `/api/runs/${atlasRun}/channels/nobody`, `/api/runs/${atlasRun}/graph/more`, `/api/runs/${atlasRun}`, "/api/other", "/nothing.html", "/api/runs/latest/channels"]) {
      const answer = await get(server, p);
      expect(answer.status, p).toBe(404);
      expect(JSON.parse(answer.text)).toHaveProperty("error");
      expect(answer.headers["content-security-policy"]).toBe(SECURITY_HEADERS["Content-Security-Policy"]);
    }
  });

  it("refuses every path traversal attempt", async () => {
    const attempts = [
      "/../package.json",
      "/..%2fpackage.json",
      "/..%2F..%2F..%2Fetc%2Fpasswd",
      "/%2e%2e/%2e%2e/package.json",
      "/%2e%2e%2f%2e%2e%2fpackage.json",
      "/api/runs/latest/files/..%2fsummary.json",
      "/api/runs/latest/files/..%2F..%2Flatest.json",
      `/api/runs/${atlasRun}/files/%2e%2e%2fsummary.json`,
      `/api/runs/${atlasRun}/files/..%5csummary.json`,
      "/api/runs/..%2f..%2fanalysis/graph",
      "/api/runs/%2e%2e/files/atlas.png",
      `/api/runs/run=${atlasRun}/graph`,
      `/api/runs/${atlasRun}%2f..%2f${atlasRun}/graph`,
      "/api/runs/latest/files/atlas.png%00.txt",
      "/api/runs/latest/files/%252e%252e%252fsummary.json",
      "/app.js/..%2f..%2fpackage.json",
      "/%zz",
    ];
    for (const p of attempts) {
      const answer = await get(server, p);
      expect([400, 404], p).toContain(answer.status);
      expect(answer.text, p).not.toContain('"runId"');
      expect(answer.text, p).not.toContain("root:");
      expect(answer.text, p).not.toContain('"name": "vieweratlas"');
    }
  });

  it("allows only GET and HEAD, and only loopback host names while bound to loopback", async () => {
    const post = await get(server, "/api/runs", {}, "POST");
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET, HEAD");
    const head = await get(server, `/api/runs/${atlasRun}/graph`, {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers["content-length"])).toBeGreaterThan(1000);
    expect((await get(server, "/api/runs", { Host: "attacker.example" })).status).toBe(403);
    expect((await get(server, "/api/runs", { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it("gzips text when asked and answers 304 to a matching ETag", async () => {
    const plain = await get(server, `/api/runs/${atlasRun}/graph`);
    const packed = await get(server, `/api/runs/${atlasRun}/graph`, { "Accept-Encoding": "gzip, deflate" });
    expect(packed.headers["content-encoding"]).toBe("gzip");
    expect(packed.body.length).toBeLessThan(plain.body.length / 2);
    expect(gunzipSync(packed.body).equals(plain.body)).toBe(true);
    const again = await get(server, `/api/runs/${atlasRun}/graph`, { "If-None-Match": String(plain.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });
});
