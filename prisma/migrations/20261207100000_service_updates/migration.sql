-- CreateEnum
CREATE TYPE "ServiceUpdateAction" AS ENUM ('DRAFT', 'SEND');

-- AlterEnum
ALTER TYPE "NoticeKind" ADD VALUE 'SERVICE_UPDATE';

-- AlterTable
ALTER TABLE "Notice" ADD COLUMN     "communicationId" UUID,
ADD COLUMN     "communicationStatus" TEXT,
ADD COLUMN     "serviceUpdateRuleId" UUID;

-- CreateTable
CREATE TABLE "ServiceUpdateRule" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "action" "ServiceUpdateAction" NOT NULL,
    "categories" "CommunicationCategory"[],
    "services" TEXT[],
    "minSeverity" TEXT,
    "recipientRoles" "ContactRole"[],
    "templateId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ServiceUpdateRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceUpdateOptOut" (
    "partnerId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServiceUpdateOptOut_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "CommunicationChange" (
    "id" BIGSERIAL NOT NULL,
    "partnerId" UUID NOT NULL,
    "communicationId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommunicationChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceUpdateRule_partnerId_name_key" ON "ServiceUpdateRule"("partnerId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceUpdateRule_partnerId_id_key" ON "ServiceUpdateRule"("partnerId", "id");

-- CreateIndex
CREATE INDEX "ServiceUpdateOptOut_partnerId_idx" ON "ServiceUpdateOptOut"("partnerId");

-- CreateIndex
CREATE INDEX "CommunicationChange_communicationId_idx" ON "CommunicationChange"("communicationId");

-- CreateIndex
CREATE INDEX "Notice_partnerId_communicationId_createdAt_idx" ON "Notice"("partnerId", "communicationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notice_service_update_rule_once_key" ON "Notice"("serviceUpdateRuleId", "communicationId", "communicationStatus");

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_communicationId_fkey" FOREIGN KEY ("communicationId") REFERENCES "MicrosoftCommunication"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_serviceUpdateRuleId_fkey" FOREIGN KEY ("serviceUpdateRuleId") REFERENCES "ServiceUpdateRule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceUpdateRule" ADD CONSTRAINT "ServiceUpdateRule_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceUpdateRule" ADD CONSTRAINT "ServiceUpdateRule_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "NoticeTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceUpdateOptOut" ADD CONSTRAINT "ServiceUpdateOptOut_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceUpdateOptOut" ADD CONSTRAINT "ServiceUpdateOptOut_partnerId_customerId_fkey" FOREIGN KEY ("partnerId", "customerId") REFERENCES "Customer"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunicationChange" ADD CONSTRAINT "CommunicationChange_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunicationChange" ADD CONSTRAINT "CommunicationChange_partnerId_communicationId_fkey" FOREIGN KEY ("partnerId", "communicationId") REFERENCES "MicrosoftCommunication"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Foreign keys Prisma's schema cannot express (it would set partnerId null too): the communication,
-- rule and template a row names are its partner's, and only that column is cleared when they are
-- deleted (PostgreSQL 15+), as migration 20261207000000_partner_integrity does for the others.
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_partnerId_communicationId_fkey" FOREIGN KEY ("partnerId", "communicationId") REFERENCES "MicrosoftCommunication"("partnerId", "id") ON DELETE SET NULL ("communicationId") ON UPDATE CASCADE;
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_partnerId_serviceUpdateRuleId_fkey" FOREIGN KEY ("partnerId", "serviceUpdateRuleId") REFERENCES "ServiceUpdateRule"("partnerId", "id") ON DELETE SET NULL ("serviceUpdateRuleId") ON UPDATE CASCADE;
ALTER TABLE "ServiceUpdateRule" ADD CONSTRAINT "ServiceUpdateRule_partnerId_templateId_fkey" FOREIGN KEY ("partnerId", "templateId") REFERENCES "NoticeTemplate"("partnerId", "id") ON DELETE SET NULL ("templateId") ON UPDATE CASCADE;
