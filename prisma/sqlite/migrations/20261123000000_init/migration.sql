-- CreateTable
CREATE TABLE "Profile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "service" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "blobKey" TEXT NOT NULL,
    "sampleTypes" JSONB NOT NULL,
    "defaultSampleType" TEXT NOT NULL,
    "periodType" JSONB NOT NULL,
    "period" REAL NOT NULL,
    "durationNanos" REAL NOT NULL,
    "timeNanos" REAL NOT NULL,
    "capturedAt" DATETIME NOT NULL,
    "sampleCount" INTEGER NOT NULL,
    "totals" JSONB NOT NULL,
    "functionCount" INTEGER NOT NULL,
    "labels" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "pgoUsable" BOOLEAN NOT NULL,
    "pgoProblems" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Profile_service_capturedAt_idx" ON "Profile"("service", "capturedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Profile_service_sha256_key" ON "Profile"("service", "sha256");

