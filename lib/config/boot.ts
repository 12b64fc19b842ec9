import { appConfig, ConfigError, type AppConfig } from "./env";
import type { Db } from "../db/client";
import { bootstrapAdmin } from "../auth/users";
import { isLoopbackHost } from "../auth/loopback";


export const NO_AUTH_MESSAGE = (host: string) =>
  `Refusing to listen on ${host} without authentication: profiles and audits would be open to anyone who can reach it.\n` +
  "Either bind to loopback (HOST=127.0.0.1), or configure the first operator account:\n" +
  "  FLEETSCOPE_ADMIN_USER=admin FLEETSCOPE_ADMIN_PASSWORD='<at least 12 characters>' HOST=" + host + " npm start";

/** Create the first operator if asked, then refuse a non-loopback address while nobody can sign in. */
export async function checkAccessSetup(config: AppConfig, db: Db): Promise<{ ok: true; admin: string } | { ok: false; message: string }> {
  const admin = await bootstrapAdmin(db, config.admin?.username, config.admin?.password, { reset: config.admin?.reset });
  const users = await db.user.count();
  if (!isLoopbackHost(config.host) && users === 0) return { ok: false, message: NO_AUTH_MESSAGE(config.host) };
  return { ok: true, admin };
}

/** Validate the configuration as the server boots; a bad value stops the process with its message. */
export async function bootCheck(): Promise<void> {
  try {
    const config = appConfig();
    const { db } = await import("../db/client");
    const access = await checkAccessSetup(config, db());
    if (!access.ok) {
      console.error(access.message);
      process.exit(1);
    }
    if (access.admin === "created") console.log(`fleetscope: created operator ${config.admin?.username} from FLEETSCOPE_ADMIN_USER`);
    if (access.admin === "reset") {
      console.log(
        `fleetscope: operator ${config.admin?.username} has the password of FLEETSCOPE_ADMIN_PASSWORD again and was signed out everywhere (FLEETSCOPE_ADMIN_RESET); unset FLEETSCOPE_ADMIN_RESET now`,
      );
    }
    // Scans left running by a previous start of the server will never finish: say so.
    // SQLite is this process's alone; with PostgreSQL other replicas may be scanning (heartbeat).
    const { auditStore } = await import("../audits-store/context");
    const interrupted = await auditStore().markInterrupted({ everyOther: config.databaseKind === "sqlite" });
    if (interrupted > 0) console.log(`fleetscope: ${interrupted} audit(s) left running by an earlier start marked interrupted`);
    const { markInterruptedRuns } = await import("../sources/interrupted");
    const runs = await markInterruptedRuns(db(), { everyOther: config.databaseKind === "sqlite" });
    if (runs > 0) console.log(`fleetscope: ${runs} collection run(s) left running by an earlier start marked failed`);
    // Schedules run on every replica; a lease per due slot makes each run happen once.
    const [{ startScheduler }, { scheduledJobs }] = await Promise.all([import("../schedules/scheduler"), import("../schedules/jobs")]);
    startScheduler({ db: db(), jobs: await scheduledJobs() });
    const mode = (await db().user.count()) > 0 ? "sign-in required" : "no sign-in (loopback only)";
    console.log(`fleetscope: data in ${config.dataDir} (${config.databaseKind}), ${mode}, listening on http://${config.host}:${config.port}`);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
