// Prisma CLI configuration. Uses the WASM schema engine (engine: "js") so nothing is downloaded.
// DATABASE_URL picks the provider: postgres://... uses prisma/postgres, anything else SQLite.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const dataDir = process.env.FLEETSCOPE_DATA_DIR ?? "./data";
process.env.DATABASE_URL ??= `file:${path.join(dataDir, "fleetscope.db")}`;
const url = process.env.DATABASE_URL;
const isPostgres = /^postgres(ql)?:\/\//.test(url);

if (isPostgres) {
  // prisma/orm#27403: the CLI's adapter rejects pg_catalog columns of type `name` (OID 19) and
  // `"char"` (OID 18). Report them as text (OID 25). CLI only; the runtime client needs none of it.
  const proto = pg.Result.prototype as unknown as { addFields: (fields: { dataTypeID: number }[]) => void };
  const addFields = proto.addFields;
  proto.addFields = function (fields) {
    for (const f of fields) if (f.dataTypeID === 19 || f.dataTypeID === 18) f.dataTypeID = 25;
    return addFields.call(this, fields);
  };
}

const folder = isPostgres ? "postgres" : "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", folder, "schema.prisma"),
  migrations: { path: path.join("prisma", folder, "migrations") },
  adapter: async () =>
    isPostgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url }),
});
