// Sources with a schedule ("every N minutes") as a scheduled job: the scheduler claims each due
// slot once across replicas, and the run lease keeps one run per source.
import type { Db } from "../db/client";
import type { ScheduledJob } from "../schedules/scheduler";
import type { SourceRunner } from "./source-runner";

const KEY_PREFIX = "source:";

export function sourceScheduleJob(db: Db, runner: () => SourceRunner): ScheduledJob {
  return {
    name: "sources",
    items: async () => {
      const rows = await db.source.findMany({ where: { everyMinutes: { not: null } }, select: { id: true, everyMinutes: true } });
      return rows.map((r) => ({ key: `${KEY_PREFIX}${r.id}`, everyMinutes: r.everyMinutes! }));
    },
    start: async (key) => {
      await runner().start(key.slice(KEY_PREFIX.length), "schedule");
    },
  };
}
