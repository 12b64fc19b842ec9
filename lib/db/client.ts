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

/**
 * SQLite's settings for a server: a write-ahead log, whose commits append to it without an fsync
 * (synchronous=NORMAL; durable through a crash of the process, kill -9 included, and checkpointed
 * in the background). The default (a rollback journal, synchronous=FULL) made every commit two
 * fsyncs on the event loop (better-sqlite3 is synchronous): 4 ms each on an idle disk, and under 50
 * concurrent uploads a fifth of the server's time (issue 14).
 */
export const SQLITE_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

class ServerSqlite extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(SQLITE_PRAGMAS);
    return adapter;
  }
}

type DatabaseKind = "sqlite" | "postgres";

/**
 * The kind is kept on the client under a registered symbol, not in a module-level map: a production
 * build may bundle this module into several chunks, each with its own module state, while they share
 * the one client cached on globalThis (a map filled by one chunk was empty in another, so PostgreSQL
 * got SQLite's SQL).
 */
const KIND = Symbol.for("fleetscope.databaseKind");
type WithKind = { [KIND]?: DatabaseKind };

function markKind(client: Db, kind: DatabaseKind): Db {
  Object.defineProperty(client, KIND, { value: kind });
  return client;
}

/** Which database a client talks to, for the few queries written in SQL (their dialects differ). */
export function databaseKindOf(client: Db): DatabaseKind {
  return (client as WithKind)[KIND] ?? "sqlite";
}

export function createDb(databaseUrl: string): Db {
  if (databaseUrl.startsWith("file:")) {
    fs.mkdirSync(path.dirname(databaseUrl.slice("file:".length)), { recursive: true });
    const client = new SqliteClient({ adapter: new ServerSqlite({ url: databaseUrl }) });
    return markKind(client, "sqlite");
  }
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }) as unknown as Db;
  return markKind(client, "postgres");
}

/** The process-wide client, cached on globalThis so hot reload does not open new connections. */
export function db(): Db {
  holder.fleetscopeDb ??= createDb(appConfig().databaseUrl);
  return holder.fleetscopeDb;
}
