import type { SourceDto } from "./source-dto";

/** A source in a few words, for the activity log and page titles: `s3://bucket/prefix`, `users: 3 URLs`, `ecs prod/users :6060`. */
export function describeSource(source: Pick<SourceDto, "kind" | "bucket" | "prefix" | "service" | "urls" | "cluster" | "ecsService" | "port">): string {
  if (source.kind === "s3") return `s3://${source.bucket}/${source.prefix ?? ""}`;
  if (source.kind === "endpoint") return `${source.service}: ${source.urls?.length === 1 ? source.urls[0] : `${source.urls?.length ?? 0} URLs`}`;
  return `${source.service}: ECS ${source.cluster}/${source.ecsService} port ${source.port}`;
}
