-- CreateTable
CREATE TABLE "CommittedPgo" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT NOT NULL,
    "mergeId" TEXT,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "blobKey" TEXT NOT NULL,
    "services" JSONB NOT NULL,
    "minHotShare" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "CommittedPgo_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CommittedPgo_createdAt_idx" ON "CommittedPgo"("createdAt");
