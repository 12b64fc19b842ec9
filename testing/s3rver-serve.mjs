// s3rver in a process of its own, for tests, the e2e servers, the demo and the bench:
//   node --openssl-legacy-provider testing/s3rver-serve.mjs --port=0 --bucket=NAME [--bucket=...]
// Prints "s3rver listening on http://127.0.0.1:PORT" and serves until SIGTERM. s3rver's V2 listing
// continuation tokens are DES-encrypted, which OpenSSL 3 only has in its legacy provider: without
// the flag every truncated ListObjectsV2 page answers InternalError.
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const S3rver = createRequire(import.meta.url)("s3rver");
const args = process.argv.slice(2);
const value = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
const buckets = args.filter((a) => a.startsWith("--bucket=")).map((a) => ({ name: a.slice("--bucket=".length) }));

const directory = await mkdtemp(path.join(os.tmpdir(), "fleetscope-s3rver-"));
const server = new S3rver({ port: Number(value("port", "0")), address: value("host", "127.0.0.1"), silent: true, directory, configureBuckets: buckets });
const { address, port } = await server.run();
console.log(`s3rver listening on http://${address}:${port}`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close().catch(() => {});
  await rm(directory, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
