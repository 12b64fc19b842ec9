import { randomUUID } from "node:crypto";
import {
  placeKey,
  scanAccounts,
  scanAccountsOnThreads,
  ScanFailedError,
  WHOLE_ACCOUNT,
  type AccountScanResult,
  type AccountTarget,
  type AssumeRoleSettings,
  type AuditRequest,
  type Ec2ClientFactory,
  type FindingKind,
} from "../audit";
import { loadHistory, stampFirstSeen, type EarlierScan } from "../audit/finding-history";
import type { Db } from "../db/client";
import { HttpError, NotFoundError } from "../http/errors";
import type { BlobStore } from "../storage/blob-store";
import { resolveAccounts } from "./accounts";
import { regionFromResult, toAuditDto, type AuditAlert, type AuditDto, type AuditRegion } from "./audit-dto";
import { compareAudits, type AuditComparison } from "./comparison";
import { exportTable, noFindingsMessage, type ExportFile, type ExportFormat, type ExportKind } from "./exports";
import { getFindings, putFindings, type AuditFindings } from "./findings-blob";
import { emptyRegion, ProgressWriter } from "./progress-writer";
import { findingCounts, normalizeFindings, reportFindings, type ReportedFindings, type ReportedOpenIngress, type ReportedUntagged } from "./reported-findings";
import { scopeKey } from "./scope";
import { listSuppressions } from "./suppressions-store";

export interface AuditStoreDeps {
  db: Db;
  blobs: BlobStore;
  /** Regions of one account scanned at the same time. */
  concurrency: number;
  /** Accounts scanned at the same time (default 8). */
  accountConcurrency?: number;
  /** How roles are assumed (STS endpoint, renewal): default the SDK's chains. */
  assumeRole?: AssumeRoleSettings;
  /** After a scan a schedule started: sends its alert and says what became of it. */
  afterScheduledScan?: (audit: AuditDto, findings: ReportedFindings) => Promise<AuditAlert>;
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
  async start(request: AuditRequest, startedBy: string, options: { scheduleId?: string } = {}): Promise<{ audit: AuditDto; joined: boolean }> {
    const targets = await resolveAccounts(this.deps.db, request.accounts);
    const scope = scopeKey(request);
    let claim = this.byScope.get(scope);
    let mine = false;
    if (!claim) {
      mine = true;
      claim = this.claim(scope, request, targets, startedBy, options.scheduleId);
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
  private async claim(scope: string, request: AuditRequest, targets: AccountTarget[], startedBy: string, scheduleId?: string): Promise<Claim> {
    await this.markInterrupted();
    const elsewhere = await this.runningElsewhere(scope);
    if (elsewhere) return { id: elsewhere.id };
    try {
      return await this.create(scope, request, targets, startedBy, scheduleId);
    } catch (err) {
      const winner = (err as { code?: string }).code === "P2002" ? await this.runningElsewhere(scope) : null;
      if (winner) return { id: winner.id };
      throw err;
    }
  }

  private runningElsewhere(scope: string) {
    return this.deps.db.audit.findFirst({ where: { status: "running", scopeKey: scope }, orderBy: { startedAt: "desc" } });
  }

  private async create(scope: string, request: AuditRequest, targets: AccountTarget[], startedBy: string, scheduleId?: string): Promise<Claim> {
    const { db } = this.deps;

    const id = randomUUID();
    const regions = request.regions;
    const queued: AuditRegion[] =
      regions === "all" ? [] : targets.flatMap((t) => regions.map((region) => emptyRegion(t.roleArn ? t.accountId : "self", region)));
    await db.audit.create({
      data: {
        id,
        status: "running",
        scopeKey: scope,
        startedBy,
        regionsRequested: request.regions,
        accountsRequested: request.accounts,
        scheduleId: scheduleId ?? null,
        requiredTags: request.requiredTags,
        regions: queued as object[],
        demo: this.deps.demo ?? false,
        heartbeatAt: new Date(),
      },
    });
    const controller = new AbortController();
    this.controllers.set(id, controller);
    const done = this.run(id, request, targets, queued, controller.signal).finally(() => {
      this.running.delete(id);
      this.controllers.delete(id);
    });
    this.running.set(id, done);
    return { id, done };
  }

  private async run(id: string, request: AuditRequest, targets: AccountTarget[], queued: AuditRegion[], signal: AbortSignal): Promise<void> {
    const { db } = this.deps;
    const progress = new ProgressWriter(db, id, queued, this.deps.progressIntervalMs ?? 500, this.deps.heartbeatMs ?? 20_000);
    try {
      // The SDK's chains (the server's own configuration): on the scan threads. A factory of the
      // caller's (tests) cannot cross to a thread: those scans run here.
      const scan = this.deps.clientFactory ? scanAccounts : scanAccountsOnThreads;
      const result = await scan({
        accounts: targets,
        earlierInstanceCounts: await this.earlierInstanceCounts(),
        regions: request.regions,
        requiredTags: request.requiredTags,
        concurrency: this.deps.concurrency,
        accountConcurrency: this.deps.accountConcurrency,
        maxAttempts: this.deps.maxAttempts,
        clientFactory: this.deps.clientFactory,
        homeRegion: this.deps.homeRegion,
        assumeRole: this.deps.assumeRole,
        onRegionUpdate: (account, region, update) => progress.update(account, region, update),
        onAccountFailed: (row) => progress.accountFailed(regionFromResult(row)),
        signal,
      });
      await progress.close();
      const audit = await this.finish(id, result, progress.snapshot());
      if (audit?.scheduleId && audit.findingsAvailable && this.deps.afterScheduledScan) await this.alert(audit);
    } catch (error) {
      await progress.close();
      await this.recordFailure(id, error, signal, progress.snapshot());
    }
  }

  /** Stamps first-seen times from the scope's history, stores the findings and the final row. Null when it was stopped meanwhile. */
  private async finish(id: string, result: AccountScanResult, snapshot: AuditRegion[]): Promise<AuditDto | null> {
    const { db, blobs } = this.deps;
    const row = await this.row(id);
    const startedAt = new Map(snapshot.map((r) => [placeKey(r.account, r.region), r.startedAt]));
    const regions = result.regions.map((r) => regionFromResult(r, startedAt.get(placeKey(r.account, r.region))));
    const earlier = await loadHistory(
      regions.map((r) => placeKey(r.account, r.region)),
      this.earlierScans(row.scopeKey, row.startedAt),
    );
    const stamped = stampFirstSeen({ startedAt: row.startedAt.toISOString(), untagged: result.untagged, openIngress: result.openIngress }, earlier);
    const findingsBlobKey = await putFindings(blobs, stamped);
    const counts = findingCounts(reportFindings(stamped, await listSuppressions(db)));
    const failed = regions.filter((r) => r.status === "error");
    const allFailed = regions.length > 0 && failed.length === regions.length;
    const first = failed[0];
    const what = first?.region === WHOLE_ACCOUNT ? `account ${first.account}` : `${first?.region}`;
    // Unless it was stopped meanwhile (from another replica: this one's scan had already ended).
    const { count } = await db.audit.updateMany({
      where: { id, status: "running" },
      data: {
        status: allFailed ? "failed" : "done",
        finishedAt: new Date(),
        regions: regions as object[],
        accounts: result.accounts as object[],
        summary: { ...result.summary, ...counts },
        findingsBlobKey,
        error: allFailed ? `every ${regions.every((r) => r.region === WHOLE_ACCOUNT) ? "account" : "region"} failed, e.g. ${what}: ${first?.error}` : null,
        heartbeatAt: new Date(),
      },
    });
    return count > 0 ? this.get(id) : null;
  }

  /**
   * Earlier scans of a scope with findings, newest first, read one at a time (first-seen times):
   * their ids first, then each row as it is asked for (the history usually stops at the first; a
   * row's regions of an organisation scan are hundreds).
   */
  private async *earlierScans(scope: string, before: Date): AsyncGenerator<EarlierScan> {
    const ids = await this.deps.db.audit.findMany({
      where: { scopeKey: scope, startedAt: { lt: before }, findingsBlobKey: { not: null }, status: { in: ["done", "failed"] } },
      orderBy: { startedAt: "desc" },
      take: 10,
      select: { id: true },
    });
    for (const { id } of ids) {
      const row = await this.deps.db.audit.findUnique({ where: { id } });
      if (!row?.findingsBlobKey) continue;
      const findings = await getFindings(this.deps.blobs, row.findingsBlobKey);
      if (!findings) continue;
      const audit = toAuditDto(row);
      yield { startedAt: audit.startedAt, regions: audit.regions, ...normalizeFindings(findings, audit.startedAt) };
    }
  }

  /** Sends a scheduled scan's alert; whatever happens, the scan stays done and the report says what became of the alert. */
  private async alert(audit: AuditDto): Promise<void> {
    let alert: AuditAlert;
    try {
      const { findings } = await this.requireFindings(audit.id);
      alert = await this.deps.afterScheduledScan!(audit, reportFindings(findings, await listSuppressions(this.deps.db)));
    } catch (error) {
      alert = { status: "failed", at: new Date().toISOString(), reason: error instanceof Error ? error.message : "the alert could not be prepared", newCritical: 0, failedPlaces: 0 };
    }
    await this.deps.db.audit.update({ where: { id: audit.id }, data: { alert: { ...alert } } }).catch(() => undefined);
  }

  private async recordFailure(id: string, error: unknown, signal: AbortSignal, snapshot: AuditRegion[]): Promise<void> {
    const { db } = this.deps;
    if (signal.aborted && signal.reason instanceof ScanInterrupted) {
      await db.audit
        .updateMany({ where: { id, status: "running" }, data: { status: "interrupted", finishedAt: new Date(), regions: snapshot as object[], error: SHUTDOWN_MESSAGE } })
        .catch((e: unknown) => console.error(`[fleetscope] audit ${id}: could not record the shutdown:`, e instanceof Error ? e.message : e));
      return;
    }
    if (signal.aborted && signal.reason instanceof ScanStopped) {
      await this.markStopped(id, signal.reason.by, snapshot).catch((e: unknown) =>
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
      .update({ where: { id }, data: { status: "failed", finishedAt: new Date(), regions: snapshot as object[], error: message } })
      .catch((e: unknown) => console.error(`[fleetscope] audit ${id}: could not record the failure:`, e instanceof Error ? e.message : e));
  }

  /** Instances per account and region in the latest finished scan (any scope): big regions are then sliced from their first call. */
  private async earlierInstanceCounts(): Promise<Record<string, Record<string, number>>> {
    const latest = await this.deps.db.audit.findFirst({ where: { status: "done" }, orderBy: { startedAt: "desc" }, select: { regions: true } });
    const counts: Record<string, Record<string, number>> = {};
    for (const region of (latest?.regions ?? []) as unknown as AuditRegion[]) {
      if (region.status === "ok") (counts[region.account ?? "self"] ??= {})[region.region] = region.total;
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

  /** The audit once it is no longer running: this process's scan awaited, another replica's polled. */
  async waitFor(id: string, pollMs = 1000): Promise<AuditDto> {
    for (;;) {
      const running = this.running.get(id);
      if (running) await running;
      const audit = await this.get(id);
      if (audit.status !== "running") return audit;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
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

  /** One audit; once done, its summary counts with the suppressions in force now (muted findings apart). */
  async get(id: string): Promise<AuditDto> {
    const row = await this.row(id);
    const audit = toAuditDto(row);
    if (!row.findingsBlobKey || row.status === "running") return audit;
    const findings = await getFindings(this.deps.blobs, row.findingsBlobKey);
    if (!findings) return audit;
    const reported = reportFindings(normalizeFindings(findings, audit.startedAt), await listSuppressions(this.deps.db));
    return { ...audit, summary: { ...audit.summary, ...findingCounts(reported) } };
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
    return { audit, findings: normalizeFindings(findings, audit.startedAt) };
  }

  /** The findings with the suppressions in force now, optionally of one account. */
  private async reported(id: string, account?: string): Promise<{ audit: AuditDto; findings: ReportedFindings | null }> {
    const { audit, findings } = await this.readFindings(id);
    if (!findings) return { audit, findings: null };
    return { audit, findings: reportFindings(findings, await listSuppressions(this.deps.db), { account }) };
  }

  private async requireFindings(id: string): Promise<{ audit: AuditDto; findings: AuditFindings }> {
    const { audit, findings } = await this.readFindings(id);
    if (!findings) throw new HttpError(409, noFindingsMessage(audit));
    return { audit, findings };
  }

  /**
   * One kind of findings: those that count first, then those a suppression mutes (suppressedBy
   * set), each with its first-seen time and newness; `account` keeps one account's.
   */
  findings(id: string, kind: "untagged", account?: string): Promise<ReportedUntagged[]>;
  findings(id: string, kind: "open-ingress", account?: string): Promise<ReportedOpenIngress[]>;
  findings(id: string, kind: FindingKind, account?: string): Promise<ReportedUntagged[] | ReportedOpenIngress[]>;
  async findings(id: string, kind: FindingKind, account?: string): Promise<ReportedUntagged[] | ReportedOpenIngress[]> {
    const { audit, findings } = await this.reported(id, account);
    if (!findings) throw new HttpError(409, noFindingsMessage(audit));
    return kind === "untagged" ? findings.untagged : findings.openIngress;
  }

  async export(id: string, kind: ExportKind, format: ExportFormat, account?: string): Promise<ExportFile> {
    const { audit, findings } = kind === "regions" ? { audit: await this.get(id), findings: null } : await this.reported(id, account);
    return exportTable(audit, findings, kind, format, account);
  }

  /** `baseId` is the older scan, `targetId` the newer; `account` keeps one account's findings. */
  async compare(baseId: string, targetId: string, account?: string): Promise<AuditComparison> {
    const [base, target] = await Promise.all([this.requireFindings(baseId), this.requireFindings(targetId)]);
    return compareAudits(base.audit, base.findings, target.audit, target.findings, account);
  }
}
