import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests start real servers and DuckDB instances; two workers match the 2-core machine.
    pool: "forks",
    // The AWS SDK is pinned to a Node 20 release; silence its notice about future releases.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
