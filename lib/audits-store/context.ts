import { appConfig } from "../config/env";
import { db } from "../db/client";
import { profileBlobStore } from "../profiles/blob-store";
import { sendScanAlert } from "./alerts";
import { AuditStore } from "./audit-store";

const holder = globalThis as unknown as { fleetscopeAuditStore?: AuditStore };

/**
 * The process-wide audit store (cached on globalThis: pages, route handlers and server actions
 * share the scans running in this process). EC2 clients use the SDK's standard chains.
 */
export function auditStore(): AuditStore {
  const config = appConfig();
  holder.fleetscopeAuditStore ??= new AuditStore({
    db: db(),
    blobs: profileBlobStore(),
    concurrency: config.audit.concurrency,
    accountConcurrency: config.audit.accountConcurrency,
    maxAttempts: config.audit.maxAttempts,
    heartbeatMs: config.audit.heartbeatMs,
    staleAfterMs: config.audit.staleAfterMs,
    demo: config.demo,
    afterScheduledScan: (audit, findings) => sendScanAlert(db(), audit, findings, { publicUrl: config.publicUrl }),
  });
  return holder.fleetscopeAuditStore;
}
