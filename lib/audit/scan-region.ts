import { setMaxListeners } from "node:events";
import type { EC2Client, SecurityGroup } from "@aws-sdk/client-ec2";
import { instanceRecord, regionFindings, type InstanceRecord, type RegionFindings } from "./instance-findings";
import { forEachInstancePage } from "./list-instances";
import { listAllSecurityGroups, listSecurityGroupsById } from "./list-security-groups";
import { knownSecrets } from "./ec2-client";
import { describeScanError } from "./scan-error";
import type { RegionResult, ScanErrorInfo, SecurityGroupMode } from "./scan-types";

export interface RegionScanInput {
  account: string;
  region: string;
  client: EC2Client;
  requiredTags: readonly string[];
  securityGroups: SecurityGroupMode;
  instanceSlices?: boolean;
  /** The region had more than one page of instances in an earlier scan. */
  knownLarge?: boolean;
  timeoutMs: number;
  /** The whole scan's signal: when it aborts, scanRegion rejects with its reason. */
  signal?: AbortSignal;
  onProgress?: (instancesSoFar: number) => void;
}

export interface RegionScanOutput {
  result: RegionResult;
  findings: Pick<RegionFindings, "untagged" | "openIngress">;
}

class RegionTimeout extends Error {
  constructor(ms: number) {
    super(`the region did not finish within ${ms} ms`);
    this.name = "RegionTimeout";
  }
}

/**
 * Scans one region: instances and security groups are paged at the same time ("all" mode), or
 * the instances' groups are read afterwards ("referenced"). Never rejects for the region's own
 * failures (they become an error result); rejects only when the scan's signal aborts.
 */
export async function scanRegion(input: RegionScanInput): Promise<RegionScanOutput> {
  const { account, region, client, signal } = input;
  const started = performance.now();
  const controller = new AbortController();
  // Every call in flight listens: 16 instance-id slices and the group pages at once.
  setMaxListeners(100, controller.signal);
  const abortFromScan = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", abortFromScan, { once: true });
  const timer = setTimeout(() => controller.abort(new RegionTimeout(input.timeoutMs)), input.timeoutMs);

  try {
    const records: InstanceRecord[] = [];
    const instancesRead = forEachInstancePage(
      client,
      (instances) => {
        for (const instance of instances) {
          const record = instanceRecord(instance, input.requiredTags);
          if (record) records.push(record);
        }
        input.onProgress?.(records.length);
      },
      { signal: controller.signal, slices: input.instanceSlices, knownLarge: input.knownLarge },
    );
    const allGroupsRead = input.securityGroups === "all" ? listAllSecurityGroups(client, controller.signal) : undefined;
    let groups: SecurityGroup[];
    try {
      const [, allGroups] = await Promise.all([instancesRead, allGroupsRead]);
      groups =
        allGroups ?? (await listSecurityGroupsById(client, records.flatMap((record) => record.groupIds), controller.signal));
    } catch (error) {
      controller.abort(error);
      throw error;
    }
    const findings = regionFindings(account, region, records, groups);
    return {
      result: {
        account,
        region,
        status: "ok",
        total: findings.total,
        running: findings.running,
        untagged: findings.untagged.length,
        openIngress: findings.openIngress.length,
        durationMs: Math.round(performance.now() - started),
      },
      findings,
    };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const reason: unknown = controller.signal.reason;
    const info: ScanErrorInfo =
      reason instanceof RegionTimeout
        ? { code: reason.name, message: reason.message }
        : describeScanError(error, await knownSecrets(client));
    return {
      result: {
        account,
        region,
        status: "error",
        error: info,
        total: 0,
        running: 0,
        untagged: 0,
        openIngress: 0,
        durationMs: Math.round(performance.now() - started),
      },
      findings: { untagged: [], openIngress: [] },
    };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", abortFromScan);
  }
}
