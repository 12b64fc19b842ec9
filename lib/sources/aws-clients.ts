// The S3 and ECS clients of sources: the SDK's standard chains (credentials, region,
// AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_ECS), one client each per process.
import { ECSClient } from "@aws-sdk/client-ecs";
import { S3Client } from "@aws-sdk/client-s3";
import { forcePathStyleFromEnv } from "../storage/s3-blob-store";

const holder = globalThis as unknown as { fleetscopeSourceS3?: S3Client; fleetscopeSourceEcs?: ECSClient };

export function sourceS3Client(): S3Client {
  holder.fleetscopeSourceS3 ??= new S3Client({ forcePathStyle: forcePathStyleFromEnv() });
  return holder.fleetscopeSourceS3;
}

export function sourceEcsClient(): ECSClient {
  holder.fleetscopeSourceEcs ??= new ECSClient({});
  return holder.fleetscopeSourceEcs;
}
