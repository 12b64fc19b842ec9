// Apply committed migrations (prisma migrate deploy) to the configured database.
// SQLite lives in FLEETSCOPE_DATA_DIR unless DATABASE_URL points elsewhere.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export function migrate(env = process.env) {
  const dataDir = path.resolve(env.FLEETSCOPE_DATA_DIR || "./data");
  fs.mkdirSync(dataDir, { recursive: true });
  const databaseUrl = env.DATABASE_URL || `file:${path.join(dataDir, "fleetscope.db")}`;
  if (databaseUrl.startsWith("file:")) fs.mkdirSync(path.dirname(databaseUrl.slice(5)), { recursive: true });
  const res = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: { ...env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (res.status !== 0) {
    process.stderr.write(res.stdout + res.stderr);
    throw new Error(`database migration failed (${databaseUrl.startsWith("file:") ? "SQLite" : "PostgreSQL"})`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    migrate();
    console.log("fleetscope: database is up to date");
  } catch (err) {
    console.error(`fleetscope: ${err.message}`);
    process.exit(1);
  }
}
