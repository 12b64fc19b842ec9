import { route } from "@/lib/http/route";
import { db } from "@/lib/db/client";
import { profileBlobStore } from "@/lib/profiles/blob-store";
import { checkHealth } from "@/lib/health/health";
import packageJson from "@/package.json";

/** For load balancers and ECS: 200 when the database and the profile store answer, else 503 naming the part. */
export const GET = route(async () => {
  const health = await checkHealth(db(), profileBlobStore(), packageJson.version);
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
