/**
 * Headless Debian chromium for browser tests, driven by playwright-core. WebGL runs on SwiftShader (no GPU on CI).
 * Tests skip, with a message, only when the browser is not installed (CI installs it: .ci/run).
 */
import { existsSync } from "node:fs";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";
import { REPO_ROOT } from "./renderRuns.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** test-artifacts/<name>/ (git-ignored), created on demand. */
export function artifactsDir(name: string): string {
  const dir = path.join(REPO_ROOT, "test-artifacts", name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}
