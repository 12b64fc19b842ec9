import { route } from "@/lib/http/route";

/** Liveness for load balancers and ECS health checks. */
export const GET = route(async () => Response.json({ ok: true }));
