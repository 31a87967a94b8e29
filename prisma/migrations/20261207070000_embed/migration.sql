-- Embed tokens get a name, who created them, and an optional expiry (null: never expires).
-- No embed token could be created before this migration; a row that exists all the same is named
-- "Embed token" rather than refusing the migration.

-- DropIndex
DROP INDEX "EmbedToken_partnerId_idx";

-- AlterTable
ALTER TABLE "EmbedToken" ADD COLUMN     "createdById" UUID,
ADD COLUMN     "name" TEXT NOT NULL DEFAULT 'Embed token',
ALTER COLUMN "expiresAt" DROP NOT NULL;
ALTER TABLE "EmbedToken" ALTER COLUMN "name" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "EmbedToken_partnerId_createdAt_idx" ON "EmbedToken"("partnerId", "createdAt");

-- AddForeignKey
ALTER TABLE "EmbedToken" ADD CONSTRAINT "EmbedToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
