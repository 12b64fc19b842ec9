/**
 * Endpoint collection: every target's `/debug/pprof/profile?seconds=N` at once (bounded), each
 * stored or given its own error. Used by endpoint sources (their configured URLs) and ECS sources
 * (the task addresses ECS returned): nothing else is ever fetched.
 */
import pLimit from "p-limit";
import { ItemError, messageOf } from "./collect-error";
import { fetchProfileBytes } from "./fetch-profile";
import type { RunProgress } from "./run-progress";
import type { SourceDeps } from "./source-deps";
import { storeCollected } from "./store-item";
import { linkLocalResolution, profileUrl } from "./target-address";

export interface EndpointTarget {
  /** The admin base URL (checked when saved, or built from an ECS task's address). */
  base: string;
  labels: Record<string, string>;
  /** The stored profile's `source`; default the URL fetched. */
  source?: string;
}

export async function collectTargets(
  deps: SourceDeps,
  progress: RunProgress,
  service: string,
  seconds: number,
  targets: EndpointTarget[],
  allowLinkLocal = false,
): Promise<void> {
  const limit = pLimit(deps.endpointConcurrency ?? 16);
  const timeoutMs = seconds * 1000 + (deps.timeoutMarginMs ?? 10_000);
  const urls = targets.map((t) => profileUrl(t.base, seconds));
  for (const url of urls) progress.add(url);
  await Promise.all(
    targets.map((target, i) =>
      limit(async () => {
        const url = urls[i]!;
        progress.set(url, "running");
        try {
          const refused = allowLinkLocal ? null : await linkLocalResolution(target.base);
          if (refused) throw new ItemError("failed", refused);
          const bytes = await fetchProfileBytes(url, { timeoutMs, maxBytes: deps.maxUploadBytes });
          const stored = await storeCollected(deps, { service, bytes, labels: target.labels, source: target.source ?? url });
          progress.set(url, stored.status, { profileId: stored.profileId });
        } catch (err) {
          if (err instanceof ItemError) progress.set(url, err.outcome, { error: err.message });
          else {
            console.error(`[fleetscope] collecting ${url}:`, err instanceof Error ? err.stack : err);
            progress.set(url, "failed", { error: `could not be stored: ${messageOf(err)}` });
          }
        }
      }),
    ),
  );
}
