/**
 * Runs collections in the background, one at a time per source across every replica: a run
 * holds the lease `source-run:<id>` (renewed while it goes); a start that cannot take it joins
 * the run that holds it, here or on another replica.
 */
import { randomUUID } from "node:crypto";
import type { Source } from "../generated/sqlite/client";
import { HttpError } from "../http/errors";
import { acquireLease, releaseLease } from "../schedules/lease";
import { messageOf, RunFailed } from "./collect-error";
import { collectEcs } from "./collect-ecs";
import { collectTargets } from "./collect-endpoints";
import { collectS3 } from "./collect-s3";
import { RunProgress } from "./run-progress";
import { emptyCounts, type RunDto } from "./source-dto";
import type { SourceDeps } from "./source-deps";
import { getRun, getSourceRow } from "./source-store";

export const runLeaseName = (sourceId: string) => `source-run:${sourceId}`;
export const INTERRUPTED_RUN = "the server running this collection stopped before it finished: collect again";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function collect(deps: SourceDeps, source: Source, progress: RunProgress): Promise<void> {
  if (source.kind === "s3") return collectS3(deps, source, progress);
  if (source.kind === "ecs") return collectEcs(deps, source, progress);
  const targets = ((source.urls as string[] | null) ?? []).map((base) => ({ base, labels: {} }));
  return collectTargets(deps, progress, source.service!, source.seconds ?? 30, targets, source.allowLinkLocal);
}

export class SourceRunner {
  readonly holder = `runner-${randomUUID()}`;
  /** Starts in flight in this process, by source: a second start joins. */
  private readonly starting = new Map<string, Promise<string>>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: SourceDeps) {}

  private get leaseTtlMs() {
    return this.deps.leaseTtlMs ?? 60_000;
  }

  /** Starts a run of the source in the background, or joins the one going. */
  async start(sourceId: string, startedBy: string): Promise<{ run: RunDto; joined: boolean }> {
    const source = await getSourceRow(this.deps.db, sourceId);
    const inFlight = this.starting.get(sourceId);
    if (inFlight) return { run: await getRun(this.deps.db, await inFlight), joined: true };
    const claim = this.claim(source, startedBy);
    this.starting.set(sourceId, claim.then((c) => c.runId));
    try {
      const { runId, mine } = await claim;
      return { run: await getRun(this.deps.db, runId), joined: !mine };
    } finally {
      // Joining a run that another replica holds is decided again at every start.
      void claim.then(
        (c) => (c.mine ? c.done : undefined),
        () => undefined,
      ).finally(() => this.starting.delete(sourceId));
    }
  }

  private async claim(source: Source, startedBy: string): Promise<{ runId: string; mine: boolean; done?: Promise<void> }> {
    const { db } = this.deps;
    const lease = runLeaseName(source.id);
    if (!(await acquireLease(db, lease, this.holder, this.leaseTtlMs))) return { runId: await this.runningElsewhere(source.id), mine: false };
    // A run still marked running without the lease belongs to a process that stopped.
    await db.sourceRun.updateMany({
      where: { sourceId: source.id, status: "running" },
      data: { status: "failed", finishedAt: new Date(), error: INTERRUPTED_RUN },
    });
    const runId = randomUUID();
    await db.sourceRun.create({ data: { id: runId, sourceId: source.id, status: "running", startedBy, counts: emptyCounts(), items: [] } });
    const done = this.run(source, runId).finally(() => releaseLease(db, lease, this.holder).catch(() => {}));
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
    return { runId, mine: true, done };
  }

  /** The run that another holder of the lease is going (it may take a moment to appear). */
  private async runningElsewhere(sourceId: string): Promise<string> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const run = await this.deps.db.sourceRun.findFirst({ where: { sourceId, status: "running" }, orderBy: { startedAt: "desc" } });
      if (run) return run.id;
      await sleep(100);
    }
    throw new HttpError(409, "a collection of this source is being started elsewhere: try again in a few seconds");
  }

  private async run(source: Source, runId: string): Promise<void> {
    const { db } = this.deps;
    const progress = new RunProgress(db, runId, this.deps.progressIntervalMs ?? 300);
    const renew = setInterval(() => void acquireLease(db, runLeaseName(source.id), this.holder, this.leaseTtlMs).catch(() => {}), this.leaseTtlMs / 3);
    renew.unref();
    let error: string | null = null;
    try {
      await collect(this.deps, source, progress);
    } catch (err) {
      if (!(err instanceof RunFailed)) console.error(`[fleetscope] run ${runId} of source ${source.id}:`, err instanceof Error ? err.stack : err);
      error = err instanceof RunFailed ? err.message : `the collection stopped on an unexpected error: ${messageOf(err)}`;
    } finally {
      clearInterval(renew);
      await progress.close();
    }
    await db.sourceRun
      .updateMany({
        where: { id: runId, status: "running" },
        data: { status: error ? "failed" : "done", finishedAt: new Date(), items: progress.snapshot() as object[], counts: progress.counts(), error },
      })
      .catch((err: unknown) => console.error(`[fleetscope] run ${runId}: could not record its end:`, messageOf(err)));
  }

  /** Resolves when no run of this process is going (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
