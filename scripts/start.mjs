// Start the dashboard: apply migrations, build when the sources changed since the last build (or
// there is none), then serve on HOST:PORT.
// Environment variables are validated by instrumentation.ts as the server boots.
import { spawn, spawnSync } from "node:child_process";
import { buildOnce } from "./build-fingerprint.mjs";
import { migrate } from "./migrate.mjs";
import { SERVER_NODE_FLAGS } from "./server-node-flags.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const host = process.env.HOST || "127.0.0.1";
const port = process.env.PORT || "3000";

try {
  migrate();
} catch (err) {
  console.error(`fleetscope: ${err.message}`);
  process.exit(1);
}

const nextBin = "node_modules/next/dist/bin/next";
// Playwright starts two servers at once: one builds, the other waits for it (buildOnce).
try {
  await buildOnce(process.cwd(), (reason) => {
    console.log(`fleetscope: ${reason}; building (about a minute)…`);
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit" });
    if (build.status !== 0) throw new Error(`the build failed (exit ${build.status})`);
  });
} catch (err) {
  console.error(`fleetscope: ${err.message}`);
  process.exit(1);
}

// scripts/serve.mjs: Next's handler behind the checks that come before it, and a graceful stop.
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, "scripts/serve.mjs"], { stdio: "inherit", env: { ...process.env, HOST: host, PORT: port } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
