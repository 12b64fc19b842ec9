import type { Merge as MergeRow } from "../generated/sqlite/client";
import { weightInPercentage, type PgoEdge } from "../pprof/pgo-edges";
import type { Contribution, HazardDto, ServiceCoverageDto } from "./preview";
import type { MergeOptions, WeightMode } from "./selection";

export interface MergeInputDto {
  profileId: string;
  service: string;
  sha256: string;
  weight: number;
  capturedAt: string;
}

/** Stored in the Merge row's hotEdges column. */
export interface StoredHotEdges {
  sampleType: string;
  totalWeight: number;
  cdfPercent: number;
  thresholdWeight: number;
  thresholdPercent: number;
  count: number;
  edgeCount: number;
  missingStartLine: boolean;
  error?: string;
  edges: PgoEdge[];
  hazards?: HazardDto[];
}

/** The `merge` object of the HTTP API: everything but the hot call sites themselves (see /preview). */
export interface MergeDto {
  id: string;
  createdAt: string;
  createdBy: string;
  inputs: MergeInputDto[];
  services: string[];
  options: MergeOptions & { weights: WeightMode };
  sha256: string;
  /** Size of the stored default.pgo (the PGO-minimal one when options.minimal). */
  sizeBytes: number;
  /** Size of the full merge when the stored file is the PGO-minimal one, else null. */
  fullSizeBytes: number | null;
  sampleType: string;
  hotEdges: Omit<StoredHotEdges, "edges" | "hazards">;
  contributions: Contribution[];
  coverage: ServiceCoverageDto[];
  warnings: string[];
  downloadUrl: string;
  /** The merged file is gone from the blob store (the store sweep found it): nothing to download. */
  damaged: boolean;
}

/** A row of the history list (no per-edge data). */
export type MergeSummaryRow = Pick<
  MergeRow,
  "id" | "createdAt" | "createdBy" | "inputs" | "options" | "sha256" | "sizeBytes" | "fullSizeBytes" | "sampleType" | "warnings" | "damagedAt"
> & { hotEdges?: unknown; contributions?: unknown; coverage?: unknown };

export function downloadUrl(id: string): string {
  return `/api/merges/${encodeURIComponent(id)}/default.pgo`;
}

/**
 * The row's hotEdges as stored, with the threshold recomputed from the two integer weights:
 * SQLite's JSON keeps 16 significant digits of a float, and the compiler prints all 17.
 */
export function readStoredHotEdges(json: unknown): StoredHotEdges {
  const h = json as StoredHotEdges;
  return { ...h, thresholdPercent: h.thresholdWeight > 0 ? weightInPercentage(h.thresholdWeight, h.totalWeight) : 0 };
}

function stripEdges(stored: unknown): MergeDto["hotEdges"] {
  const h = stored ? readStoredHotEdges(stored) : undefined;
  if (!h) {
    return { sampleType: "", totalWeight: 0, cdfPercent: 99, thresholdWeight: 0, thresholdPercent: 0, count: 0, edgeCount: 0, missingStartLine: false };
  }
  const { edges: _edges, hazards: _hazards, ...rest } = h;
  return rest;
}

export function toMergeDto(row: MergeSummaryRow): MergeDto {
  const inputs = row.inputs as unknown as MergeInputDto[];
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    inputs,
    services: [...new Set(inputs.map((i) => i.service))],
    options: row.options as unknown as MergeDto["options"],
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
    fullSizeBytes: row.fullSizeBytes ?? null,
    sampleType: row.sampleType,
    hotEdges: stripEdges(row.hotEdges),
    contributions: (row.contributions ?? []) as Contribution[],
    coverage: ((row.coverage ?? []) as ServiceCoverageDto[]).map((c) => ({ ...c, missing: c.missing ?? [] })),
    warnings: row.warnings as unknown as string[],
    downloadUrl: downloadUrl(row.id),
    damaged: row.damagedAt != null,
  };
}
