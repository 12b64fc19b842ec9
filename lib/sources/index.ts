export { sourceRunner, sourceDeps } from "./context";
export { parseSourceRequest, type SourceRequest } from "./source-request";
export { createSource, deleteSource, getRun, getSource, listRuns, listSources } from "./source-store";
export type { RunDto, RunItem, SourceDto, SourceKind, ItemStatus, RunCounts } from "./source-dto";
