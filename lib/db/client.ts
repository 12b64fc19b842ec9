import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { PrismaClient as PostgresClient } from "../generated/postgres/client";
import { appConfig } from "../config/env";

/** Both generated clients share the same models; the SQLite one names the type. */
export type Db = SqliteClient;

const holder = globalThis as unknown as { fleetscopeDb?: Db };

export function createDb(databaseUrl: string): Db {
  if (databaseUrl.startsWith("file:")) {
    fs.mkdirSync(path.dirname(databaseUrl.slice("file:".length)), { recursive: true });
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
  }
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }) as unknown as Db;
}

/** The process-wide client, cached on globalThis so hot reload does not open new connections. */
export function db(): Db {
  holder.fleetscopeDb ??= createDb(appConfig().databaseUrl);
  return holder.fleetscopeDb;
}
