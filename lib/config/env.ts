import path from "node:path";
import { z } from "zod";
import { DEFAULT_ACCOUNT_CONCURRENCY, DEFAULT_CONCURRENCY } from "../audit/scan-defaults";

const MiB = 1024 * 1024;

const byteCount = (fallback: number) =>
  z.coerce.number().int().positive().default(fallback);

export const envSchema = z.object({
  FLEETSCOPE_DATA_DIR: z.string().min(1).default("./data"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgres:// (PostgreSQL)")
    .optional(),
  PROFILE_BUCKET: z.string().min(3).optional(),
  PROFILE_PREFIX: z.string().optional(),
  FLEETSCOPE_MAX_UPLOAD_BYTES: byteCount(64 * MiB),
  FLEETSCOPE_MAX_DECOMPRESSED_BYTES: byteCount(512 * MiB),
  FLEETSCOPE_ADMIN_USER: z.string().min(1).max(64).optional(),
  FLEETSCOPE_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  FLEETSCOPE_ADMIN_RESET: z.enum(["0", "1", "true", "false"]).optional(),
  FLEETSCOPE_AUDIT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(DEFAULT_CONCURRENCY),
  FLEETSCOPE_AUDIT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
  FLEETSCOPE_AUDIT_ACCOUNT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(DEFAULT_ACCOUNT_CONCURRENCY),
  FLEETSCOPE_PUBLIC_URL: z.string().url("must be the dashboard's address, like https://fleetscope.example.com").optional(),
  FLEETSCOPE_DEMO: z.enum(["0", "1", "true", "false"]).optional(),
  FLEETSCOPE_TRUST_PROXY: z.enum(["0", "1", "true", "false"]).optional(),
  FLEETSCOPE_SHUTDOWN_SECONDS: z.coerce.number().min(0).max(3600).default(25),
  FLEETSCOPE_HEARTBEAT_SECONDS: z.coerce.number().min(0.2).max(600).default(20),
});

export type AppConfig = {
  dataDir: string;
  host: string;
  port: number;
  databaseUrl: string;
  databaseKind: "sqlite" | "postgres";
  profileBucket?: string;
  profilePrefix?: string;
  maxUploadBytes: number;
  maxDecompressedBytes: number;
  /** The first operator, created at start if missing. The password is never logged. */
  /** `reset`: an existing FLEETSCOPE_ADMIN_USER gets this password and the operator role again (FLEETSCOPE_ADMIN_RESET). */
  admin?: { username: string; password: string; reset: boolean };
  /** Fleet audits: regions scanned at the same time, and SDK attempts per EC2 call (standard retry mode). */
  audit: { concurrency: number; maxAttempts: number; accountConcurrency: number; heartbeatMs: number; staleAfterMs: number };
  /** The dashboard's address as people reach it, for links in alerts (default http://HOST:PORT). */
  publicUrl: string;
  /** X-Forwarded-For and X-Forwarded-Host come from a proxy we trust (FLEETSCOPE_TRUST_PROXY). */
  trustProxy: boolean;
  /** On SIGTERM, how long requests in flight may take to finish (scripts/serve.mjs reads it too). */
  shutdownSeconds: number;
  /** `npm run demo`: pages say that the data is made up. */
  demo: boolean;
};

export class ConfigError extends Error {}

/** Parse and validate the environment. Throws ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    // Name the variable and the rule, never the value (it may be a password).
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid Fleetscope configuration:\n${lines.join("\n")}`);
  }
  const e = result.data;
  if (Boolean(e.FLEETSCOPE_ADMIN_USER) !== Boolean(e.FLEETSCOPE_ADMIN_PASSWORD)) {
    throw new ConfigError("Invalid Fleetscope configuration:\n  set both FLEETSCOPE_ADMIN_USER and FLEETSCOPE_ADMIN_PASSWORD, or neither");
  }
  const reset = e.FLEETSCOPE_ADMIN_RESET === "1" || e.FLEETSCOPE_ADMIN_RESET === "true";
  if (reset && !e.FLEETSCOPE_ADMIN_USER) {
    throw new ConfigError("Invalid Fleetscope configuration:\n  FLEETSCOPE_ADMIN_RESET needs FLEETSCOPE_ADMIN_USER and FLEETSCOPE_ADMIN_PASSWORD (the account and its new password)");
  }
  const dataDir = path.resolve(e.FLEETSCOPE_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, "fleetscope.db")}`;
  return {
    dataDir,
    host: e.HOST,
    port: e.PORT,
    databaseUrl,
    databaseKind: databaseUrl.startsWith("file:") ? "sqlite" : "postgres",
    profileBucket: e.PROFILE_BUCKET,
    profilePrefix: e.PROFILE_PREFIX,
    maxUploadBytes: e.FLEETSCOPE_MAX_UPLOAD_BYTES,
    maxDecompressedBytes: e.FLEETSCOPE_MAX_DECOMPRESSED_BYTES,
    admin:
      e.FLEETSCOPE_ADMIN_USER && e.FLEETSCOPE_ADMIN_PASSWORD
        ? { username: e.FLEETSCOPE_ADMIN_USER, password: e.FLEETSCOPE_ADMIN_PASSWORD, reset }
        : undefined,
    audit: {
      concurrency: e.FLEETSCOPE_AUDIT_CONCURRENCY,
      maxAttempts: e.FLEETSCOPE_AUDIT_MAX_ATTEMPTS,
      accountConcurrency: e.FLEETSCOPE_AUDIT_ACCOUNT_CONCURRENCY,
      // A scan whose heartbeat is 4.5 beats late belongs to a process that stopped (20 s: 90 s).
      heartbeatMs: e.FLEETSCOPE_HEARTBEAT_SECONDS * 1000,
      staleAfterMs: e.FLEETSCOPE_HEARTBEAT_SECONDS * 4500,
    },
    publicUrl: (e.FLEETSCOPE_PUBLIC_URL ?? `http://${e.HOST.includes(":") ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(/\/+$/, ""),
    trustProxy: e.FLEETSCOPE_TRUST_PROXY === "1" || e.FLEETSCOPE_TRUST_PROXY === "true",
    shutdownSeconds: e.FLEETSCOPE_SHUTDOWN_SECONDS,
    demo: e.FLEETSCOPE_DEMO === "1" || e.FLEETSCOPE_DEMO === "true",
  };
}

let cached: AppConfig | undefined;

/** The process configuration, validated once. */
export function appConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

export function formatBytesLimit(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}
