import { randomUUID } from "node:crypto";
import {
  scanFleet,
  ScanFailedError,
  type AuditRequest,
  type Ec2ClientFactory,
  type FindingKind,
  type OpenIngressFinding,
  type UntaggedFinding,
} from "../audit";
import type { Db } from "../db/client";
import { HttpError, NotFoundError } from "../http/errors";
import type { BlobStore } from "../storage/blob-store";
import { regionFromResult, toAuditDto, type AuditDto, type AuditRegion } from "./audit-dto";
import { compareAudits, type AuditComparison } from "./comparison";
import { exportTable, noFindingsMessage, type ExportFile, type ExportFormat, type ExportKind } from "./exports";
import { getFindings, putFindings, type AuditFindings } from "./findings-blob";
import { ProgressWriter } from "./progress-writer";
import { scopeKey } from "./scope";

export interface AuditStoreDeps {
  db: Db;
  blobs: BlobStore;
  /** Regions scanned at the same time. */
  concurrency: number;
  /** SDK attempts per EC2 call (standard retry mode). */
  maxAttempts: number;
  /** Default: the SDK's standard chains (credentials, region, AWS_ENDPOINT_URL_EC2). */
  clientFactory?: Ec2ClientFactory;
  homeRegion?: string;
  /** Audits started are marked as demo data. */
  demo?: boolean;
  /** Progress is written at most this often (default 500 ms). */
  progressIntervalMs?: number;
  /** A running scan writes a heartbeat this often (default 20 s). */
  heartbeatMs?: number;
  /** A running audit whose heartbeat is older belongs to a process that stopped (default 90 s). */
  staleAfterMs?: number;
}

export const INTERRUPTED_MESSAGE = "the server stopped before this scan finished (restart or crash): start it again";

/** Why a scan stopped before it finished: someone stopped it. */
class ScanStopped extends Error {
  constructor(readonly by: string) {
    super(`stopped by ${by}`);
    this.name = "ScanStopped";
  }
}

/** Why a scan stopped before it finished: this server is shutting down (SIGTERM). */
class ScanInterrupted extends Error {
  constructor() {
    super("the server is shutting down");
    this.name = "ScanInterrupted";
  }
}

export const SHUTDOWN_MESSAGE = "the server running this scan was shut down before it finished: start it again";

const stoppedMessage = (by: string) => `stopped by ${by} before it finished: findings are kept only for finished scans`;

interface Claim {
  id: string;
  /** Set when this process runs the scan (else another replica does: the claim is forgotten once answered). */
  done?: Promise<void>;
}

/**
 * Fleet audits over the database and the blob store: starts scans in the background of this
 * process, keeps their progress, stores their results, and reads them back.
 */
export class AuditStore {
  /** Scans being started or running here, by scope: a second start of the same scope joins. */
  private readonly byScope = new Map<string, Promise<Claim>>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly controllers = new Map<string, AbortController>();

  constructor(private readonly deps: AuditStoreDeps) {}

  private get staleAfterMs() {
    return this.deps.staleAfterMs ?? 90_000;
  }

  /**
   * Starts a scan in the background, or joins the running scan of the same scope (here or, with a
   * shared database, on another replica). The caller validates the request (auditRequestSchema):
   * this store is shared on globalThis by separately bundled pages and routes, so errors it threw
   * for input would not be `instanceof` the caller's classes.
   */
  async start(request: AuditRequest, startedBy: string): Promise<{ audit: AuditDto; joined: boolean }> {
    const scope = scopeKey(request);
    let claim = this.byScope.get(scope);
    let mine = false;
    if (!claim) {
      mine = true;
      claim = this.claim(scope, request, startedBy);
      this.byScope.set(scope, claim);
      const forget = () => {
        if (this.byScope.get(scope) === claim) this.byScope.delete(scope);
      };
      claim.then((c) => (c.done ? c.done.finally(forget) : forget()), forget);
    }
    const { id, done } = await claim;
    return { audit: await this.get(id), joined: !(mine && done) };
  }

  /**
   * The database holds at most one running audit per scope (a partial unique index), so when two
   * replicas start the same scope at once one creates it and the other joins it. A running row
   * whose heartbeat stopped is marked interrupted first, so it does not block a new scan.
   */
  private async claim(scope: string, request: AuditRequest, startedBy: string): Promise<Claim> {
    await this.markInterrupted();
    const elsewhere = await this.runningElsewhere(scope);
    if (elsewhere) return { id: elsewhere.id };
    try {
      return await this.create(scope, request, startedBy);
    } catch (err) {
      const winner = (err as { code?: string }).code === "P2002" ? await this.runningElsewhere(scope) : null;
      if (winner) return { id: winner.id };
      throw err;
    }
  }

  private runningElsewhere(scope: string) {
    return this.deps.db.audit.findFirst({ where: { status: "running", scopeKey: scope }, orderBy: { startedAt: "desc" } });
  }

  private async create(scope: string, request: AuditRequest, startedBy: string): Promise<Claim> {
    const { db } = this.deps;

    const id = randomUUID();
    const queued: AuditRegion[] =
      request.regions === "all"
        ? []
        : request.regions.map((region) => ({ region, status: "queued", total: 0, running: 0, untagged: 0, openIngress: 0, durationMs: 0 }));
    await db.audit.create({
      data: {
        id,
        status: "running",
        scopeKey: scope,
        startedBy,
        regionsRequested: request.regions,
        requiredTags: request.requiredTags,
        regions: queued as object[],
        demo: this.deps.demo ?? false,
        heartbeatAt: new Date(),
      },
    });
    const controller = new AbortController();
    this.controllers.set(id, controller);
    const done = this.run(id, request, queued, controller.signal).finally(() => {
      this.running.delete(id);
      this.controllers.delete(id);
    });
    this.running.set(id, done);
    return { id, done };
  }

  private async run(id: string, request: AuditRequest, queued: AuditRegion[], signal: AbortSignal): Promise<void> {
    const { db, blobs } = this.deps;
    const progress = new ProgressWriter(db, id, queued, this.deps.progressIntervalMs ?? 500, this.deps.heartbeatMs ?? 20_000);
    try {
      const earlierInstanceCounts = await this.earlierInstanceCounts();
      const result = await scanFleet({
        earlierInstanceCounts,
        regions: request.regions,
        requiredTags: request.requiredTags,
        concurrency: this.deps.concurrency,
        maxAttempts: this.deps.maxAttempts,
        clientFactory: this.deps.clientFactory,
        homeRegion: this.deps.homeRegion,
        onRegionUpdate: (region, update) => progress.update(region, update),
        signal,
      });
      await progress.close();
      const startedAt = new Map(progress.snapshot().map((r) => [r.region, r.startedAt]));
      const regions = result.regions.map((r) => regionFromResult(r, startedAt.get(r.region)));
      const findingsBlobKey = await putFindings(blobs, { untagged: result.untagged, openIngress: result.openIngress });
      const failed = regions.filter((r) => r.status === "error");
      const allFailed = regions.length > 0 && failed.length === regions.length;
      // Unless it was stopped meanwhile (from another replica: this one's scan had already ended).
      await db.audit.updateMany({
        where: { id, status: "running" },
        data: {
          status: allFailed ? "failed" : "done",
          finishedAt: new Date(),
          regions: regions as object[],
          summary: { ...result.summary },
          findingsBlobKey,
          error: allFailed ? `every region failed, e.g. ${failed[0]!.region}: ${failed[0]!.error}` : null,
          heartbeatAt: new Date(),
        },
      });
    } catch (error) {
      await progress.close();
      if (signal.aborted && signal.reason instanceof ScanInterrupted) {
        await db.audit
          .updateMany({ where: { id, status: "running" }, data: { status: "interrupted", finishedAt: new Date(), regions: progress.snapshot() as object[], error: SHUTDOWN_MESSAGE } })
          .catch((e: unknown) => console.error(`[fleetscope] audit ${id}: could not record the shutdown:`, e instanceof Error ? e.message : e));
        return;
      }
      if (signal.aborted && signal.reason instanceof ScanStopped) {
        await this.markStopped(id, signal.reason.by, progress.snapshot()).catch((e: unknown) =>
          console.error(`[fleetscope] audit ${id}: could not record the stop:`, e instanceof Error ? e.message : e),
        );
        return;
      }
      let message: string;
      if (error instanceof ScanFailedError) {
        message = `the list of regions could not be read (${error.message}): check the AWS credentials and the ec2:DescribeRegions permission`;
      } else {
        console.error(`[fleetscope] audit ${id} stopped:`, error instanceof Error ? error.stack : error);
        message = "the scan stopped on an unexpected error: the server logged the details";
      }
      await db.audit
        .update({ where: { id }, data: { status: "failed", finishedAt: new Date(), regions: progress.snapshot() as object[], error: message } })
        .catch((e: unknown) => console.error(`[fleetscope] audit ${id}: could not record the failure:`, e instanceof Error ? e.message : e));
    }
  }

  /** Instances per region in the latest finished scan (any scope): big regions are then sliced from their first call. */
  private async earlierInstanceCounts(): Promise<Record<string, number>> {
    const latest = await this.deps.db.audit.findFirst({ where: { status: "done" }, orderBy: { startedAt: "desc" }, select: { regions: true } });
    const counts: Record<string, number> = {};
    for (const region of (latest?.regions ?? []) as unknown as AuditRegion[]) {
      if (region.status === "ok") counts[region.region] = region.total;
    }
    return counts;
  }

  /**
   * Stops a running scan: its calls in flight are cancelled, it is marked stopped (no findings are
   * kept) and a new scan of its scope can start. A scan another replica runs is marked stopped in
   * the database; that replica's results are then not recorded. 409 when it is not running.
   */
  async stop(id: string, by: string): Promise<AuditDto> {
    const row = await this.row(id);
    if (row.status !== "running") throw new HttpError(409, `audit ${id} is not running (it is ${row.status}): nothing to stop`);
    const controller = this.controllers.get(id);
    if (controller) {
      controller.abort(new ScanStopped(by));
      await this.running.get(id);
    } else {
      await this.markStopped(id, by);
    }
    return this.get(id);
  }

  /** Marks a running audit stopped (not one that ended meanwhile), with the regions as far as they got. */
  private async markStopped(id: string, by: string, regions?: AuditRegion[]): Promise<void> {
    await this.deps.db.audit.updateMany({
      where: { id, status: "running" },
      data: { status: "stopped", finishedAt: new Date(), error: stoppedMessage(by), ...(regions ? { regions: regions as object[] } : {}) },
    });
  }

  /** Deletes a finished audit and its findings. 409 while it runs (stop it first). */
  async delete(id: string): Promise<AuditDto> {
    const row = await this.row(id);
    if (row.status === "running") throw new HttpError(409, `audit ${id} is running: stop it first (POST /api/audits/${id}/stop)`);
    await this.deps.db.audit.delete({ where: { id } });
    if (row.findingsBlobKey) await this.deps.blobs.delete(row.findingsBlobKey);
    return toAuditDto(row);
  }

  /** On shutdown: cancel the scans this process runs and mark them interrupted. Returns how many. */
  async interruptRunning(): Promise<number> {
    const ids = [...this.controllers.keys()];
    for (const id of ids) this.controllers.get(id)?.abort(new ScanInterrupted());
    await this.idle();
    return ids.length;
  }

  /** Resolves when no scan started by this store is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /**
   * Marks as interrupted the running audits no live process runs: those whose heartbeat is older
   * than the stale limit, or (`everyOther`, at boot with a database only this process uses) every
   * running audit not run here. Returns how many.
   */
  async markInterrupted(options: { everyOther?: boolean } = {}): Promise<number> {
    const staleBefore = new Date(Date.now() - (options.everyOther ? 0 : this.staleAfterMs));
    const { count } = await this.deps.db.audit.updateMany({
      where: {
        status: "running",
        id: { notIn: [...this.running.keys()] },
        OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: staleBefore } }],
      },
      data: { status: "interrupted", finishedAt: new Date(), error: INTERRUPTED_MESSAGE },
    });
    return count;
  }

  private isOrphan(row: { id: string; status: string; heartbeatAt: Date | null }): boolean {
    return (
      row.status === "running" &&
      !this.running.has(row.id) &&
      (row.heartbeatAt === null || row.heartbeatAt.getTime() < Date.now() - this.staleAfterMs)
    );
  }

  /** Audits, newest first. */
  async list(limit = 200): Promise<AuditDto[]> {
    let rows = await this.deps.db.audit.findMany({ orderBy: { startedAt: "desc" }, take: limit });
    if (rows.some((row) => this.isOrphan(row))) {
      await this.markInterrupted();
      rows = await this.deps.db.audit.findMany({ orderBy: { startedAt: "desc" }, take: limit });
    }
    return rows.map((row) => toAuditDto(row));
  }

  async get(id: string): Promise<AuditDto> {
    return toAuditDto(await this.row(id));
  }

  private async row(id: string) {
    const { db } = this.deps;
    let row = await db.audit.findUnique({ where: { id } });
    if (row && this.isOrphan(row)) {
      await this.markInterrupted();
      row = await db.audit.findUnique({ where: { id } });
    }
    if (!row) throw new NotFoundError(`no audit with id ${id.slice(0, 80)}: list them with GET /api/audits`);
    return row;
  }

  private async readFindings(id: string): Promise<{ audit: AuditDto; findings: AuditFindings | null }> {
    const row = await this.row(id);
    const audit = toAuditDto(row);
    if (!row.findingsBlobKey) return { audit, findings: null };
    const findings = await getFindings(this.deps.blobs, row.findingsBlobKey);
    if (!findings) throw new HttpError(410, `the findings of audit ${id} are missing from the ${this.deps.blobs.kind} store`);
    return { audit, findings };
  }

  private async requireFindings(id: string): Promise<{ audit: AuditDto; findings: AuditFindings }> {
    const { audit, findings } = await this.readFindings(id);
    if (!findings) throw new HttpError(409, noFindingsMessage(audit));
    return { audit, findings };
  }

  findings(id: string, kind: "untagged"): Promise<UntaggedFinding[]>;
  findings(id: string, kind: "open-ingress"): Promise<OpenIngressFinding[]>;
  findings(id: string, kind: FindingKind): Promise<UntaggedFinding[] | OpenIngressFinding[]>;
  async findings(id: string, kind: FindingKind): Promise<UntaggedFinding[] | OpenIngressFinding[]> {
    const { findings } = await this.requireFindings(id);
    return kind === "untagged" ? findings.untagged : findings.openIngress;
  }

  async export(id: string, kind: ExportKind, format: ExportFormat): Promise<ExportFile> {
    const { audit, findings } = kind === "regions" ? { audit: await this.get(id), findings: null } : await this.readFindings(id);
    return exportTable(audit, findings, kind, format);
  }

  /** `baseId` is the older scan, `targetId` the newer. */
  async compare(baseId: string, targetId: string): Promise<AuditComparison> {
    const [base, target] = await Promise.all([this.requireFindings(baseId), this.requireFindings(targetId)]);
    return compareAudits(base.audit, base.findings, target.audit, target.findings);
  }
}
