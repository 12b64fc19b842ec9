import { defineConfig } from "@playwright/test";
import { execSync } from "node:child_process";
import path from "node:path";

/** Two servers on the same production build: loopback mode (no users) and sign-in mode. */
export const LOCAL_PORT = Number(process.env.E2E_PORT ?? 3100);
export const AUTH_PORT = LOCAL_PORT + 1;
export const ADMIN = { username: "admin", password: "correct horse battery staple" };

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync("command -v chromium || command -v chromium-browser", { encoding: "utf8", shell: "/bin/bash" }).trim();
  } catch {
    throw new Error("Debian's chromium is not installed: run `apt-get install -y chromium` (or bash .ci/run, which installs it)");
  }
}

/** The local server's profile sources (scripts/fake-sources.mjs): s3rver, the fake ECS endpoint, the Go admin port on 127.0.0.2 and 127.0.0.3. */
export const SOURCES = { s3Port: LOCAL_PORT + 2, ecsPort: LOCAL_PORT + 3, adminPort: LOCAL_PORT + 4, refusedPort: LOCAL_PORT + 5 };

function server(port: number, dataDir: string, env: Record<string, string> = {}, fakeArgs = "") {
  return {
    // Every run starts from an empty data directory, as a newcomer would. Audits scan the built-in
    // fake EC2 endpoint (the demo fleet, 400 ms a call): scripts/fake-ec2.mjs starts it and gives the
    // server AWS_ENDPOINT_URL_EC2 and made-up keys, so no test ever reaches a real AWS account.
    command: `rm -rf ${JSON.stringify(dataDir)} && node scripts/fake-ec2.mjs --latency=400${fakeArgs} -- node scripts/start.mjs`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: {
      FLEETSCOPE_DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...env,
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    browserName: "chromium",
    headless: true,
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "local", testIgnore: /auth.*\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${LOCAL_PORT}` } },
    { name: "auth", testMatch: /auth.*\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${AUTH_PORT}` } },
  ],
  webServer: [
    server(LOCAL_PORT, path.resolve("e2e/.tmp/local"), {}, ` --sources=${SOURCES.s3Port},${SOURCES.ecsPort},${SOURCES.adminPort}`),
    server(AUTH_PORT, path.resolve("e2e/.tmp/auth"), {
      FLEETSCOPE_ADMIN_USER: ADMIN.username,
      FLEETSCOPE_ADMIN_PASSWORD: ADMIN.password,
    }),
  ],
});
