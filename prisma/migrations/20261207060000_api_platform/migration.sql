-- DropIndex
DROP INDEX "ApiToken_partnerId_idx";

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "createdById" UUID,
ADD COLUMN     "createdByLabel" TEXT,
ADD COLUMN     "expiresAt" TIMESTAMPTZ(3);

-- CreateTable (UNLOGGED: a counter is not worth a WAL flush per request; after a crash of the
-- database server the counts start again from zero. Written here: Prisma's schema cannot say it.)
CREATE UNLOGGED TABLE "ApiRateWindow" (
    "subject" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ApiRateWindow_pkey" PRIMARY KEY ("subject","windowStart")
);

-- CreateTable
CREATE TABLE "ApiIdempotencyKey" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "tokenId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "responseStatus" INTEGER,
    "responseHeaders" JSONB,
    "responseBody" TEXT,
    "lockedUntil" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ApiIdempotencyKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApiIdempotencyKey_expiresAt_idx" ON "ApiIdempotencyKey"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiIdempotencyKey_tokenId_key_key" ON "ApiIdempotencyKey"("tokenId", "key");

-- CreateIndex
CREATE INDEX "ApiToken_partnerId_createdAt_idx" ON "ApiToken"("partnerId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiIdempotencyKey" ADD CONSTRAINT "ApiIdempotencyKey_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- One name per partner among the tokens not revoked (the settings page and the audit trail name
-- tokens; the actor of what a token does is `api-token:<name>`). Prisma's schema cannot say it.
CREATE UNIQUE INDEX "ApiToken_partnerId_name_active_key" ON "ApiToken"("partnerId", "name") WHERE "revokedAt" IS NULL;
