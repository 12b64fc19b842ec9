import type { ECSClient } from "@aws-sdk/client-ecs";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Db } from "../db/client";
import type { IngestDeps } from "../profiles/ingest";

/** What collecting from sources needs; the process-wide set is in context.ts, tests build their own. */
export interface SourceDeps {
  db: Db;
  ingest: IngestDeps;
  /** The upload limit, applied while reading an object or an answer. */
  maxUploadBytes: number;
  s3Client: () => S3Client;
  ecsClient: () => ECSClient;
  /** Endpoint targets fetched at once (default 16). */
  endpointConcurrency?: number;
  /** S3 objects read at once (default 8). */
  s3Concurrency?: number;
  /** Keys per ListObjectsV2 page (default S3's own, 1,000). */
  s3PageSize?: number;
  /** A target's deadline is its seconds plus this (default 10 s). */
  timeoutMarginMs?: number;
  /** Progress is written at most this often (default 300 ms). */
  progressIntervalMs?: number;
  /** A run's lease lasts this long and is renewed while the run goes (default 60 s). */
  leaseTtlMs?: number;
}
