import { appConfig } from "../config/env";
import { profileDeps } from "../profiles/context";
import { sourceEcsClient, sourceS3Client } from "./aws-clients";
import type { SourceDeps } from "./source-deps";
import { SourceRunner } from "./source-runner";

const holder = globalThis as unknown as { fleetscopeSourceRunner?: SourceRunner };

export function sourceDeps(): SourceDeps {
  const ingest = profileDeps();
  return { db: ingest.db, ingest, maxUploadBytes: appConfig().maxUploadBytes, s3Client: sourceS3Client, ecsClient: sourceEcsClient };
}

/** The process-wide runner (cached on globalThis: routes, pages and the scheduler share its runs). */
export function sourceRunner(): SourceRunner {
  holder.fleetscopeSourceRunner ??= new SourceRunner(sourceDeps());
  return holder.fleetscopeSourceRunner;
}
