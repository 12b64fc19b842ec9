-- AlterTable
ALTER TABLE "Audit" ADD COLUMN "accounts" JSONB;
ALTER TABLE "Audit" ADD COLUMN "accountsRequested" JSONB;
ALTER TABLE "Audit" ADD COLUMN "alert" JSONB;
ALTER TABLE "Audit" ADD COLUMN "scheduleId" TEXT;

-- CreateTable
CREATE TABLE "AuditAccount" (
    "accountId" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "roleArn" TEXT NOT NULL,
    "externalId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "orgStatus" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditSuppression" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "match" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME
);

-- CreateTable
CREATE TABLE "AuditSchedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "everyHours" INTEGER NOT NULL,
    "accounts" JSONB NOT NULL,
    "regions" JSONB NOT NULL,
    "requiredTags" JSONB NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditWebhook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "url" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "AuditSuppression_createdAt_idx" ON "AuditSuppression"("createdAt");

