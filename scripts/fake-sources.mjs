// Profile sources for the demo and the browser tests, all real or speaking the real protocols:
// an s3rver bucket `batch-profiles` holding batch runs of testing/goservices (jobs/<service>/...,
// with metadata labels), two goservices processes serving net/http/pprof on 127.0.0.2 and
// 127.0.0.3 (one admin port), and the fake ECS endpoint (fakes/ecs) whose service `users` in
// cluster `demo` has those two processes as its tasks.
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { importTs } from "../bench/lib/ts-loader.mjs";

export const SOURCES_BUCKET = "batch-profiles";
/** s3rver's only account; the fake EC2 and ECS endpoints accept any key. Nothing real. */
export const S3RVER_KEYS = { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" };
const BATCH_RUNS = [
  { service: "search", seconds: 1, job: "nightly-index", version: "2.4.0" },
  { service: "search", seconds: 2, job: "nightly-index", version: "2.4.0" },
  { service: "search", seconds: 1.5, job: "nightly-index", version: "2.4.1" },
  { service: "reports", seconds: 1, job: "monthly-billing", version: "1.9.3" },
  { service: "reports", seconds: 2, job: "monthly-billing", version: "1.9.3" },
];

async function seedBucket(endpoint, goServiceProfile) {
  const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  for (const [i, run] of BATCH_RUNS.entries()) {
    const bytes = await goServiceProfile(run.service, run.seconds);
    const day = String(i + 1).padStart(2, "0");
    await client.send(
      new PutObjectCommand({
        Bucket: SOURCES_BUCKET,
        Key: `jobs/${run.service}/2026-12-${day}-run.pprof`,
        Body: bytes,
        Metadata: { version: run.version, job: run.job, environment: "demo", commit: `d${i}e${i}m${i}o` },
      }),
    );
  }
  client.destroy();
}

/** Starts everything; `ports` fixes s3rver's, the fake ECS endpoint's and the admin port (0: any free one). */
export async function startFakeSources({ s3Port = 0, ecsPort = 0, adminPort = 0 } = {}) {
  const [{ buildGoServices, goServiceProfile }, { startGoservice }, { startS3rverProcess }, { startFakeEcs }] = await Promise.all([
    importTs("testing/go-toolchain.ts"),
    importTs("testing/goservices-process.ts"),
    importTs("testing/s3rver.ts"),
    importTs("fakes/ecs/index.ts"),
  ]);
  const bin = await buildGoServices();
  const s3 = await startS3rverProcess([SOURCES_BUCKET], s3Port);
  await seedBucket(s3.endpoint, goServiceProfile);
  const first = await startGoservice(bin, { service: "users", host: "127.0.0.2", port: adminPort });
  const second = await startGoservice(bin, { service: "users", host: "127.0.0.3", port: first.port });
  const tasks = [
    { id: "7f3c2a9e4b1d4e8fa6c05d2b9e1a7c33", taskDefinition: "users:17", availabilityZone: "us-east-1a", privateIPv4: "127.0.0.2" },
    { id: "c1d9e27b5a3f40c6b8e4a1f07d2c9b55", taskDefinition: "users:17", availabilityZone: "us-east-1b", privateIPv4: "127.0.0.3" },
  ];
  const ecs = await startFakeEcs({ clusters: [{ name: "demo", services: { users: tasks } }], port: ecsPort });
  return {
    s3Endpoint: s3.endpoint,
    ecsUrl: ecs.url,
    adminPort: first.port,
    adminUrls: [first.url, second.url],
    env: { AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_ENDPOINT_URL_ECS: ecs.url, PROFILE_S3_FORCE_PATH_STYLE: "true", ...S3RVER_KEYS },
    async close() {
      await Promise.all([first.stop(), second.stop(), ecs.close(), s3.stop()]);
    },
  };
}
