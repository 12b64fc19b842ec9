import { describe, expect, it } from "vitest";
import type { OpenIngressFinding, UntaggedFinding } from "../audit";
import { normalizeFindings } from "./reported-findings";

const START = "2026-01-02T03:04:05.000Z";
const seen = { firstSeenAt: "2026-01-01T00:00:00.000Z", isNew: false, newness: "seen" as const };
const permission = { groupId: "sg-0123456789abcdef0", groupName: "web", protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0", severity: "critical" as const };

describe("normalizeFindings", () => {
  it("gives findings that have every field as they are (no copy)", () => {
    const untagged = { account: "111111111111", region: "us-east-1", instanceId: "i-0123456789abcdef0", state: "running", missingTags: ["Owner"], tags: {}, groupIds: [], ...seen } as unknown as UntaggedFinding;
    const open = { account: "111111111111", region: "us-east-1", instanceId: "i-0123456789abcdef1", state: "running", tags: {}, groupIds: [], ...seen, permissions: [{ ...permission, ...seen }] } as unknown as OpenIngressFinding;
    const out = normalizeFindings({ untagged: [untagged], openIngress: [open] }, START);
    expect(out.untagged[0]).toBe(untagged);
    expect(out.openIngress[0]).toBe(open);
  });

  it("fills in what older blobs lack: self, no tags, first seen at the scan's start", () => {
    const old = { region: "us-east-1", instanceId: "i-0123456789abcdef0", state: "running", missingTags: ["Owner"] } as unknown as UntaggedFinding;
    const open = { account: "111111111111", region: "us-east-1", instanceId: "i-0123456789abcdef1", state: "running", tags: {}, groupIds: [], ...seen, permissions: [permission] } as unknown as OpenIngressFinding;
    const out = normalizeFindings({ untagged: [old], openIngress: [open] }, START);
    expect(out.untagged[0]).toMatchObject({ account: "self", tags: {}, groupIds: [], firstSeenAt: START, newness: "unknown" });
    expect(out.openIngress[0]).not.toBe(open);
    expect(out.openIngress[0]!.permissions[0]).toMatchObject({ firstSeenAt: START, newness: "unknown" });
    expect(out.openIngress[0]).toMatchObject(seen);
  });
});
