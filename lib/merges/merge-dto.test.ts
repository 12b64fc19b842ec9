// The store sweep marks a merge whose file is gone from the blob store (damagedAt); its DTO says so,
// as a profile's does, so that the history shows it damaged instead of a download that fails.
import { describe, expect, it } from "vitest";
import { toMergeDto, type MergeSummaryRow } from "./merge-dto";

const row: MergeSummaryRow = {
  id: "m1",
  createdAt: new Date("2026-12-01T10:00:00Z"),
  createdBy: "local",
  inputs: [{ profileId: "p1", service: "users", sha256: "ab".repeat(32), weight: 1, capturedAt: "2026-12-01T09:00:00.000Z" }],
  options: { dropLabels: false, minimal: false, guardHazards: false, weights: "unit" },
  sha256: "cd".repeat(32),
  sizeBytes: 1234,
  fullSizeBytes: null,
  sampleType: "samples/count",
  warnings: [],
  damagedAt: null,
};

describe("toMergeDto", () => {
  it("says damaged when the sweep found the merged file gone, and not otherwise", () => {
    expect(toMergeDto(row)).toMatchObject({ id: "m1", services: ["users"], damaged: false, downloadUrl: "/api/merges/m1/default.pgo" });
    expect(toMergeDto({ ...row, damagedAt: new Date("2026-12-02T00:00:00Z") }).damaged).toBe(true);
  });
});
