// Every kind of scheduled work the server runs. A feature with schedules adds its job here.
import type { ScheduledJob } from "./scheduler";

export async function scheduledJobs(): Promise<ScheduledJob[]> {
  const [{ db }, { sourceRunner }, { sourceScheduleJob }, { auditStore }, { auditScheduleJob }] = await Promise.all([
    import("../db/client"),
    import("../sources/context"),
    import("../sources/schedule-job"),
    import("../audits-store/context"),
    import("../audits-store/schedules"),
  ]);
  return [sourceScheduleJob(db(), sourceRunner), auditScheduleJob(db(), auditStore)];
}
