// Test support for lib/sources: a migrated database, a local blob store, and SourceDeps whose S3
// and ECS clients are the unmodified SDK clients pointed at s3rver and the fake ECS endpoint.
import { ECSClient } from "@aws-sdk/client-ecs";
import { S3Client } from "@aws-sdk/client-s3";
import fs from "node:fs";
import type { Db } from "../lib/db/client";
import type { SourceDeps } from "../lib/sources/source-deps";
import { freshDatabase } from "./audit-store";

export const TEST_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export function testS3Client(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { ...TEST_CREDENTIALS } });
}

export function testEcsClient(endpoint: string): ECSClient {
  return new ECSClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIAFAKEECS000000000", secretAccessKey: "fake-ecs-secret/not-real" }, maxAttempts: 1 });
}

export interface TestSourceDeps extends SourceDeps {
  dir: string;
  close(): Promise<void>;
}

export function testSourceDeps(options: { databaseUrl?: string; s3?: string; ecs?: string } & Partial<SourceDeps> = {}): TestSourceDeps {
  const { db, blobs, dir } = freshDatabase(options.databaseUrl);
  const s3 = options.s3 ? testS3Client(options.s3) : undefined;
  const ecs = options.ecs ? testEcsClient(options.ecs) : undefined;
  return {
    db,
    ingest: { db, blobs, maxDecompressedBytes: 512 * 1024 * 1024 },
    maxUploadBytes: 64 * 1024 * 1024,
    s3Client: () => s3 ?? fail("no s3 endpoint given"),
    ecsClient: () => ecs ?? fail("no ecs endpoint given"),
    progressIntervalMs: 50,
    ...options,
    dir,
    close: async () => {
      await (db as Db).$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function fail(message: string): never {
  throw new Error(message);
}

/** A copy of gzip-compressed bytes that differs only in the gzip header's MTIME: other bytes, the same profile. */
export function gzipVariant(bytes: Uint8Array, n: number): Uint8Array {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new Error("not gzip");
  const copy = Uint8Array.from(bytes);
  new DataView(copy.buffer).setUint32(4, n, true);
  return copy;
}
