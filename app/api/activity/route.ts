import { route } from "@/lib/http/route";
import { db } from "@/lib/db/client";
import { listActivity } from "@/lib/auth/activity";

export const GET = route(async () => Response.json({ activity: await listActivity(db()) }));
