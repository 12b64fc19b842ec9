-- Rows whose bytes the store sweep found missing.
ALTER TABLE "Profile" ADD COLUMN "damagedAt" DATETIME;
ALTER TABLE "Merge" ADD COLUMN "damagedAt" DATETIME;

-- At most one running audit per scope, across every replica sharing the database.
CREATE UNIQUE INDEX "Audit_one_running_per_scope" ON "Audit"("scopeKey") WHERE "status" = 'running';
