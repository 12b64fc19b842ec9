// Stores collected bytes through the one ingest path (the same checks as an upload).
import { isClientError } from "../http/errors";
import { ingestProfile } from "../profiles/ingest";
import { ItemError } from "./collect-error";
import type { SourceDeps } from "./source-deps";

export interface Collected {
  service: string;
  bytes: Uint8Array;
  labels: Record<string, string>;
  /** Where it came from: s3://bucket/key, the endpoint URL, or the ECS task. */
  source: string;
}

export async function storeCollected(deps: SourceDeps, item: Collected): Promise<{ status: "stored" | "duplicate"; profileId: string; timeNanos: number }> {
  try {
    const { profile, created } = await ingestProfile(item, deps.ingest);
    return { status: created ? "stored" : "duplicate", profileId: profile.id, timeNanos: profile.timeNanos };
  } catch (err) {
    if (isClientError(err)) throw new ItemError("rejected", err.message);
    throw err;
  }
}
