// Every kind of scheduled work the server runs. A feature with schedules adds its job here.
import type { ScheduledJob } from "./scheduler";

export async function scheduledJobs(): Promise<ScheduledJob[]> {
  return [];
}
