-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Profile" (
    "id" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "blobKey" TEXT NOT NULL,
    "sampleTypes" JSONB NOT NULL,
    "defaultSampleType" TEXT NOT NULL,
    "periodType" JSONB NOT NULL,
    "period" DOUBLE PRECISION NOT NULL,
    "durationNanos" DOUBLE PRECISION NOT NULL,
    "timeNanos" DOUBLE PRECISION NOT NULL,
    "capturedAt" TIMESTAMP(3) NOT NULL,
    "sampleCount" INTEGER NOT NULL,
    "totals" JSONB NOT NULL,
    "functionCount" INTEGER NOT NULL,
    "labels" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "pgoUsable" BOOLEAN NOT NULL,
    "pgoProblems" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Profile_service_capturedAt_idx" ON "Profile"("service", "capturedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Profile_service_sha256_key" ON "Profile"("service", "sha256");

