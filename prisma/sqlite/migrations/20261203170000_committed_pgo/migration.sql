-- CreateTable
CREATE TABLE "CommittedPgo" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "mergeId" TEXT,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "blobKey" TEXT NOT NULL,
    "services" JSONB NOT NULL,
    "minHotShare" REAL NOT NULL
);

-- CreateIndex
CREATE INDEX "CommittedPgo_createdAt_idx" ON "CommittedPgo"("createdAt");
