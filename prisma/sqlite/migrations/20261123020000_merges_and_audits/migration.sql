-- CreateTable
CREATE TABLE "Merge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "inputs" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "fullSizeBytes" INTEGER,
    "blobKey" TEXT NOT NULL,
    "sampleType" TEXT NOT NULL,
    "hotEdges" JSONB NOT NULL,
    "coverage" JSONB NOT NULL,
    "contributions" JSONB NOT NULL,
    "warnings" JSONB NOT NULL
);

-- CreateTable
CREATE TABLE "Audit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "startedBy" TEXT NOT NULL,
    "regionsRequested" JSONB NOT NULL,
    "requiredTags" JSONB NOT NULL,
    "regions" JSONB NOT NULL,
    "summary" JSONB,
    "error" TEXT,
    "findingsBlobKey" TEXT,
    "demo" BOOLEAN NOT NULL DEFAULT false
);

-- CreateIndex
CREATE INDEX "Merge_createdAt_idx" ON "Merge"("createdAt");

-- CreateIndex
CREATE INDEX "Audit_startedAt_idx" ON "Audit"("startedAt");

-- CreateIndex
CREATE INDEX "Audit_status_scopeKey_idx" ON "Audit"("status", "scopeKey");

