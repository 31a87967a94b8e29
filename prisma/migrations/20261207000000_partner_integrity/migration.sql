-- Every row's partner must be its parent's: foreign keys on (partnerId, parent id) make PostgreSQL
-- refuse a row that mixes partners. Existing rows are checked first; if any disagrees, nothing is
-- changed and the start stops with the list (the data must be corrected by hand).
DO $$
DECLARE
  problems text := '';
  n bigint;
BEGIN
  SELECT count(*) INTO n FROM "Contact" x JOIN "Customer" p ON p."id" = x."customerId" WHERE p."partnerId" <> x."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s contacts belong to a customer of another partner', n); END IF;
  SELECT count(*) INTO n FROM "Subscription" x JOIN "Customer" p ON p."id" = x."customerId" WHERE p."partnerId" <> x."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s subscriptions belong to a customer of another partner', n); END IF;
  SELECT count(*) INTO n FROM "CommunicationAffectedCustomer" x JOIN "Customer" p ON p."id" = x."customerId" WHERE p."partnerId" <> x."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s communication links name a customer of another partner', n); END IF;
  SELECT count(*) INTO n FROM "CommunicationAffectedCustomer" x JOIN "MicrosoftCommunication" p ON p."id" = x."communicationId" WHERE p."partnerId" <> x."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s communication links name a communication of another partner', n); END IF;
  SELECT count(*) INTO n FROM "NoticeCustomer" x JOIN "Notice" o ON o."id" = x."noticeId" JOIN "Customer" p ON p."id" = x."customerId" WHERE p."partnerId" <> o."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s notice targets name a customer of another partner', n); END IF;
  SELECT count(*) INTO n FROM "NoticeSubscription" x JOIN "Notice" o ON o."id" = x."noticeId" JOIN "Subscription" p ON p."id" = x."subscriptionId" WHERE p."partnerId" <> o."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s notice targets name a subscription of another partner', n); END IF;
  SELECT count(*) INTO n FROM "NoticeDelivery" x JOIN "Notice" p ON p."id" = x."noticeId" WHERE p."partnerId" <> x."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s deliveries belong to a notice of another partner', n); END IF;
  SELECT count(*) INTO n FROM "NoticeDelivery" x JOIN "Customer" p ON p."id" = x."customerId" WHERE p."partnerId" <> x."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s deliveries name a customer of another partner', n); END IF;
  SELECT count(*) INTO n FROM "NoticeDelivery" x JOIN "Contact" p ON p."id" = x."contactId" WHERE p."partnerId" <> x."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s deliveries name a contact of another partner', n); END IF;
  SELECT count(*) INTO n FROM "Notice" x JOIN "NoticeTemplate" p ON p."id" = x."templateId" WHERE p."partnerId" <> x."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s notices name a template of another partner', n); END IF;
  SELECT count(*) INTO n FROM "Notice" x JOIN "RenewalReminderRule" p ON p."id" = x."reminderRuleId" WHERE p."partnerId" <> x."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s notices name a reminder rule of another partner', n); END IF;
  SELECT count(*) INTO n FROM "RenewalReminderRule" x JOIN "NoticeTemplate" p ON p."id" = x."templateId" WHERE p."partnerId" <> x."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s reminder rules name a template of another partner', n); END IF;
  SELECT count(*) INTO n FROM "RelationshipReview" x JOIN "Customer" p ON p."id" = x."customerId" WHERE p."partnerId" <> x."partnerId";
  IF n > 0 THEN problems := problems || format(E'\n- %s relationship reviews name a customer of another partner', n); END IF;
  SELECT count(*) INTO n FROM (SELECT "partnerId" FROM "RenewalReminderRule" GROUP BY "partnerId" HAVING count(*) > 1) AS d;
  IF n > 0 THEN problems := problems || format(E'\n- %s partners have more than one renewal-reminder rule (one is allowed)', n); END IF;
  SELECT count(*) INTO n FROM (SELECT "customerId" FROM "RelationshipReview" WHERE "status" = 'PENDING' GROUP BY "customerId" HAVING count(*) > 1) AS d;
  IF n > 0 THEN problems := problems || format(E'\n- %s customers have more than one pending relationship review (one is allowed)', n); END IF;
  IF problems <> '' THEN
    RAISE EXCEPTION 'Rows of this database disagree with the rules this version enforces; nothing was changed:%', problems
      USING HINT = 'Correct or remove those rows (each must belong to the same partner as what it names), then start the portal again.';
  END IF;
END $$;

-- DropForeignKey
ALTER TABLE "Contact" DROP CONSTRAINT "Contact_customerId_fkey";

-- DropForeignKey
ALTER TABLE "Subscription" DROP CONSTRAINT "Subscription_customerId_fkey";

-- DropForeignKey
ALTER TABLE "CommunicationAffectedCustomer" DROP CONSTRAINT "CommunicationAffectedCustomer_communicationId_fkey";

-- DropForeignKey
ALTER TABLE "CommunicationAffectedCustomer" DROP CONSTRAINT "CommunicationAffectedCustomer_customerId_fkey";

-- DropForeignKey
ALTER TABLE "NoticeCustomer" DROP CONSTRAINT "NoticeCustomer_noticeId_fkey";

-- DropForeignKey
ALTER TABLE "NoticeCustomer" DROP CONSTRAINT "NoticeCustomer_customerId_fkey";

-- DropForeignKey
ALTER TABLE "NoticeSubscription" DROP CONSTRAINT "NoticeSubscription_noticeId_fkey";

-- DropForeignKey
ALTER TABLE "NoticeSubscription" DROP CONSTRAINT "NoticeSubscription_subscriptionId_fkey";

-- DropForeignKey
ALTER TABLE "NoticeDelivery" DROP CONSTRAINT "NoticeDelivery_noticeId_fkey";

-- DropForeignKey
ALTER TABLE "NoticeDelivery" DROP CONSTRAINT "NoticeDelivery_customerId_fkey";

-- DropForeignKey
ALTER TABLE "RelationshipReview" DROP CONSTRAINT "RelationshipReview_customerId_fkey";

-- DropIndex
DROP INDEX "RenewalReminderRule_partnerId_idx";

-- AlterTable: the notice's partner, for the rows there are.
ALTER TABLE "NoticeCustomer" ADD COLUMN "partnerId" UUID;
UPDATE "NoticeCustomer" AS x SET "partnerId" = n."partnerId" FROM "Notice" AS n WHERE n."id" = x."noticeId";
ALTER TABLE "NoticeCustomer" ALTER COLUMN "partnerId" SET NOT NULL;

-- AlterTable
ALTER TABLE "NoticeSubscription" ADD COLUMN "partnerId" UUID;
UPDATE "NoticeSubscription" AS x SET "partnerId" = n."partnerId" FROM "Notice" AS n WHERE n."id" = x."noticeId";
ALTER TABLE "NoticeSubscription" ALTER COLUMN "partnerId" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Contact_partnerId_id_key" ON "Contact"("partnerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_partnerId_id_key" ON "Subscription"("partnerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "MicrosoftCommunication_partnerId_id_key" ON "MicrosoftCommunication"("partnerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Notice_partnerId_id_key" ON "Notice"("partnerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "NoticeTemplate_partnerId_id_key" ON "NoticeTemplate"("partnerId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "RenewalReminderRule_partnerId_key" ON "RenewalReminderRule"("partnerId");

-- CreateIndex
CREATE UNIQUE INDEX "RenewalReminderRule_partnerId_id_key" ON "RenewalReminderRule"("partnerId", "id");

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_partnerId_customerId_fkey" FOREIGN KEY ("partnerId", "customerId") REFERENCES "Customer"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_partnerId_customerId_fkey" FOREIGN KEY ("partnerId", "customerId") REFERENCES "Customer"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunicationAffectedCustomer" ADD CONSTRAINT "CommunicationAffectedCustomer_partnerId_communicationId_fkey" FOREIGN KEY ("partnerId", "communicationId") REFERENCES "MicrosoftCommunication"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunicationAffectedCustomer" ADD CONSTRAINT "CommunicationAffectedCustomer_partnerId_customerId_fkey" FOREIGN KEY ("partnerId", "customerId") REFERENCES "Customer"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeCustomer" ADD CONSTRAINT "NoticeCustomer_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeCustomer" ADD CONSTRAINT "NoticeCustomer_partnerId_noticeId_fkey" FOREIGN KEY ("partnerId", "noticeId") REFERENCES "Notice"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeCustomer" ADD CONSTRAINT "NoticeCustomer_partnerId_customerId_fkey" FOREIGN KEY ("partnerId", "customerId") REFERENCES "Customer"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeSubscription" ADD CONSTRAINT "NoticeSubscription_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeSubscription" ADD CONSTRAINT "NoticeSubscription_partnerId_noticeId_fkey" FOREIGN KEY ("partnerId", "noticeId") REFERENCES "Notice"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeSubscription" ADD CONSTRAINT "NoticeSubscription_partnerId_subscriptionId_fkey" FOREIGN KEY ("partnerId", "subscriptionId") REFERENCES "Subscription"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeDelivery" ADD CONSTRAINT "NoticeDelivery_partnerId_noticeId_fkey" FOREIGN KEY ("partnerId", "noticeId") REFERENCES "Notice"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeDelivery" ADD CONSTRAINT "NoticeDelivery_partnerId_customerId_fkey" FOREIGN KEY ("partnerId", "customerId") REFERENCES "Customer"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RelationshipReview" ADD CONSTRAINT "RelationshipReview_partnerId_customerId_fkey" FOREIGN KEY ("partnerId", "customerId") REFERENCES "Customer"("partnerId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Foreign keys Prisma's schema cannot express (it would set partnerId null too): the contact,
-- template and reminder rule a row names are its partner's, and only that column is cleared when
-- they are deleted (PostgreSQL 15+).
ALTER TABLE "NoticeDelivery" ADD CONSTRAINT "NoticeDelivery_partnerId_contactId_fkey" FOREIGN KEY ("partnerId", "contactId") REFERENCES "Contact"("partnerId", "id") ON DELETE SET NULL ("contactId") ON UPDATE CASCADE;
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_partnerId_templateId_fkey" FOREIGN KEY ("partnerId", "templateId") REFERENCES "NoticeTemplate"("partnerId", "id") ON DELETE SET NULL ("templateId") ON UPDATE CASCADE;
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_partnerId_reminderRuleId_fkey" FOREIGN KEY ("partnerId", "reminderRuleId") REFERENCES "RenewalReminderRule"("partnerId", "id") ON DELETE SET NULL ("reminderRuleId") ON UPDATE CASCADE;
ALTER TABLE "RenewalReminderRule" ADD CONSTRAINT "RenewalReminderRule_partnerId_templateId_fkey" FOREIGN KEY ("partnerId", "templateId") REFERENCES "NoticeTemplate"("partnerId", "id") ON DELETE SET NULL ("templateId") ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "AuditEvent_partnerId_targetType_targetId_createdAt_idx" ON "AuditEvent"("partnerId", "targetType", "targetId", "createdAt" DESC);

-- One pending relationship review per customer.
CREATE UNIQUE INDEX "RelationshipReview_pending_customer_key" ON "RelationshipReview"("customerId") WHERE "status" = 'PENDING';
