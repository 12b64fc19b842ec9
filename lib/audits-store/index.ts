export { AuditStore, INTERRUPTED_MESSAGE, type AuditStoreDeps } from "./audit-store";
export { auditStore } from "./context";
export type { AuditDto, AuditRegion, AuditStatus, AuditSummary } from "./audit-dto";
export type { AuditComparison, ComparisonRow } from "./comparison";
export {
  EXPORT_KINDS,
  FINDING_KINDS,
  parseExportKind,
  parseFindingKind,
  REGION_CSV_COLUMNS,
  type ExportFile,
  type ExportFormat,
  type ExportKind,
} from "./exports";
export type { AuditFindings } from "./findings-blob";
export { previousOfSameScope, scopeKey } from "./scope";
