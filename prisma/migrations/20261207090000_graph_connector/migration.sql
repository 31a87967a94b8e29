-- The Microsoft Graph connector (docs/decisions/0029-graph-connector.md) and categories per
-- customer (docs/decisions/0030-categories-per-customer.md):
-- - what real Graph payloads carry is kept in columns (kind, Graph's message category, services,
--   tags, feature, major change, high impact, the act-by date), read back from `raw` for the rows
--   stored before; a classification Graph adds later is stored as `unknown`;
-- - each affected-customer link has the communication's category for that customer (filled with
--   the communication's category: no customer names a non-CSP product yet) and who linked it;
-- - customers (and their relationship declarations) name the products bought outside CSP;
-- - the connector, its runs, its per-tenant state (the lease), and the partner's category rules.
-- CreateEnum
CREATE TYPE "GraphItemKind" AS ENUM ('serviceHealthIssue', 'serviceUpdateMessage');

-- CreateEnum
CREATE TYPE "ConnectorCredential" AS ENUM ('CLIENT_SECRET', 'CERTIFICATE');

-- CreateEnum
CREATE TYPE "GovernmentGraph" AS ENUM ('GCC_HIGH', 'DOD');

-- AlterEnum
ALTER TYPE "CommunicationClassification" ADD VALUE 'unknown';

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "directServices" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "MicrosoftCommunication" ADD COLUMN     "actionRequiredBy" TIMESTAMPTZ(3),
ADD COLUMN     "feature" TEXT,
ADD COLUMN     "featureGroup" TEXT,
ADD COLUMN     "highImpact" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "isMajorChange" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "kind" "GraphItemKind" NOT NULL DEFAULT 'serviceHealthIssue',
ADD COLUMN     "messageCategory" TEXT,
ADD COLUMN     "services" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "CommunicationAffectedCustomer" ADD COLUMN     "category" "CommunicationCategory",
ADD COLUMN     "fromConnector" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "fromImport" BOOLEAN NOT NULL DEFAULT true;

-- Each link gets its communication's category; then the column is required.
UPDATE "CommunicationAffectedCustomer" AS l
SET "category" = m."category"
FROM "MicrosoftCommunication" AS m
WHERE m."id" = l."communicationId" AND m."partnerId" = l."partnerId";
ALTER TABLE "CommunicationAffectedCustomer" ALTER COLUMN "category" SET NOT NULL;

-- Rows stored before: a message-center post is told by its Graph object (body, services, tags),
-- or without one by its MC id; the new columns are read from the object where it has them.
UPDATE "MicrosoftCommunication"
SET "kind" = 'serviceUpdateMessage'
WHERE CASE WHEN "raw" IS NOT NULL AND jsonb_typeof("raw") = 'object'
           THEN ("raw" ? 'body' OR "raw" ? 'services' OR "raw" ? 'tags')
           ELSE "externalId" LIKE 'MC%' END;
UPDATE "MicrosoftCommunication"
SET "services" = CASE WHEN "kind" = 'serviceHealthIssue'
                      THEN CASE WHEN "affectedService" = '' THEN ARRAY[]::TEXT[] ELSE ARRAY["affectedService"] END
                      WHEN jsonb_typeof("raw" -> 'services') = 'array'
                      THEN ARRAY(SELECT jsonb_array_elements_text("raw" -> 'services'))
                      ELSE CASE WHEN "affectedService" = '' THEN ARRAY[]::TEXT[] ELSE string_to_array("affectedService", ', ') END END,
    "tags" = CASE WHEN jsonb_typeof("raw" -> 'tags') = 'array' THEN ARRAY(SELECT jsonb_array_elements_text("raw" -> 'tags')) ELSE ARRAY[]::TEXT[] END,
    "messageCategory" = CASE WHEN "kind" = 'serviceUpdateMessage' THEN "raw" ->> 'category' END,
    "feature" = CASE WHEN "kind" = 'serviceHealthIssue' THEN "raw" ->> 'feature' END,
    "featureGroup" = CASE WHEN "kind" = 'serviceHealthIssue' THEN "raw" ->> 'featureGroup' END,
    "isMajorChange" = coalesce(jsonb_typeof("raw" -> 'isMajorChange') = 'boolean' AND ("raw" ->> 'isMajorChange')::boolean, false),
    "highImpact" = coalesce(jsonb_typeof("raw" -> 'highImpact') = 'boolean' AND ("raw" ->> 'highImpact')::boolean, false),
    "actionRequiredBy" = CASE WHEN jsonb_typeof("raw" -> 'actionRequiredByDateTime') = 'string'
                              THEN ("raw" ->> 'actionRequiredByDateTime')::timestamptz END;

-- AlterTable
ALTER TABLE "RelationshipReview" ADD COLUMN     "services" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "MicrosoftConnector" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "clientId" UUID NOT NULL,
    "credential" "ConnectorCredential" NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "certificatePem" TEXT,
    "certificateThumbprint" TEXT,
    "certificateExpiresAt" TIMESTAMPTZ(3),
    "secretSetAt" TIMESTAMPTZ(3) NOT NULL,
    "syncIntervalMinutes" INTEGER NOT NULL DEFAULT 15,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "demo" BOOLEAN NOT NULL DEFAULT false,
    "nextRunAt" TIMESTAMPTZ(3),
    "syncRequestedBy" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MicrosoftConnector_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MicrosoftSyncRun" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "requestedBy" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),
    "tenants" INTEGER NOT NULL,
    "tenantsFailed" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MicrosoftSyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MicrosoftTenantSync" (
    "customerId" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "governmentGraph" "GovernmentGraph",
    "runId" UUID,
    "leaseUntil" TIMESTAMPTZ(3),
    "leaseToken" UUID,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runCreated" INTEGER NOT NULL DEFAULT 0,
    "runUpdated" INTEGER NOT NULL DEFAULT 0,
    "lastAttemptAt" TIMESTAMPTZ(3),
    "lastSuccessAt" TIMESTAMPTZ(3),
    "syncedThrough" TIMESTAMPTZ(3),
    "lastCreated" INTEGER NOT NULL DEFAULT 0,
    "lastUpdated" INTEGER NOT NULL DEFAULT 0,
    "lastErrorCode" TEXT,
    "lastErrorDetail" TEXT,
    "lastErrorAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MicrosoftTenantSync_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "CommunicationCategoryRules" (
    "partnerId" UUID NOT NULL,
    "titleWords" TEXT[],
    "tags" TEXT[],
    "services" TEXT[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CommunicationCategoryRules_pkey" PRIMARY KEY ("partnerId")
);

-- CreateIndex
CREATE UNIQUE INDEX "MicrosoftConnector_partnerId_key" ON "MicrosoftConnector"("partnerId");

-- CreateIndex
CREATE INDEX "MicrosoftConnector_nextRunAt_idx" ON "MicrosoftConnector"("nextRunAt");

-- CreateIndex
CREATE INDEX "MicrosoftSyncRun_partnerId_startedAt_idx" ON "MicrosoftSyncRun"("partnerId", "startedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "MicrosoftSyncRun_partnerId_id_key" ON "MicrosoftSyncRun"("partnerId", "id");

-- CreateIndex
CREATE INDEX "MicrosoftTenantSync_runId_leaseUntil_idx" ON "MicrosoftTenantSync"("runId", "leaseUntil");

-- CreateIndex
CREATE UNIQUE INDEX "MicrosoftTenantSync_partnerId_customerId_key" ON "MicrosoftTenantSync"("partnerId", "customerId");

-- AddForeignKey
ALTER TABLE "MicrosoftConnector" ADD CONSTRAINT "MicrosoftConnector_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MicrosoftSyncRun" ADD CONSTRAINT "MicrosoftSyncRun_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MicrosoftTenantSync" ADD CONSTRAINT "MicrosoftTenantSync_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MicrosoftTenantSync" ADD CONSTRAINT "MicrosoftTenantSync_partnerId_customerId_fkey" FOREIGN KEY ("partnerId", "customerId") REFERENCES "Customer"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MicrosoftTenantSync" ADD CONSTRAINT "MicrosoftTenantSync_partnerId_runId_fkey" FOREIGN KEY ("partnerId", "runId") REFERENCES "MicrosoftSyncRun"("partnerId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunicationCategoryRules" ADD CONSTRAINT "CommunicationCategoryRules_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

