-- AlterTable
ALTER TABLE "Audit" ADD COLUMN     "accounts" JSONB,
ADD COLUMN     "accountsRequested" JSONB,
ADD COLUMN     "alert" JSONB,
ADD COLUMN     "scheduleId" TEXT;

-- CreateTable
CREATE TABLE "AuditAccount" (
    "accountId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "roleArn" TEXT NOT NULL,
    "externalId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "orgStatus" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditAccount_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "AuditSuppression" (
    "id" TEXT NOT NULL,
    "match" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "AuditSuppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditSchedule" (
    "id" TEXT NOT NULL,
    "everyHours" INTEGER NOT NULL,
    "accounts" JSONB NOT NULL,
    "regions" JSONB NOT NULL,
    "requiredTags" JSONB NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditWebhook" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditSuppression_createdAt_idx" ON "AuditSuppression"("createdAt");

