-- DropIndex
DROP INDEX "NoticeDelivery_status_nextAttemptAt_idx";

-- DropIndex
DROP INDEX "NoticeDelivery_partnerId_noticeId_idx";

-- CreateIndex
CREATE INDEX "NoticeDelivery_noticeId_status_nextAttemptAt_idx" ON "NoticeDelivery"("noticeId", "status", "nextAttemptAt");


-- Written by hand: every queued delivery has the time of its next attempt (the worker's claim
-- finds due deliveries by it, through the index above). The portal always sets it; this makes it
-- a rule of the table.
UPDATE "NoticeDelivery" SET "nextAttemptAt" = now() WHERE "status" = 'QUEUED' AND "nextAttemptAt" IS NULL;
ALTER TABLE "NoticeDelivery" ADD CONSTRAINT "NoticeDelivery_queued_has_next_attempt" CHECK ("status" <> 'QUEUED' OR "nextAttemptAt" IS NOT NULL);
