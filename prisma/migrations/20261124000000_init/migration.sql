-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Cloud" AS ENUM ('PUBLIC', 'US_GOVERNMENT', 'GERMANY');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('PORTAL_ADMIN', 'PARTNER_ADMIN', 'PARTNER_AGENT', 'PARTNER_VIEWER');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('en', 'zh-TW');

-- CreateEnum
CREATE TYPE "RelationshipToPartner" AS ENUM ('RESELLER', 'ADVISOR');

-- CreateEnum
CREATE TYPE "DirectRelationship" AS ENUM ('NONE', 'DECLARED', 'VERIFIED', 'REJECTED');

-- CreateEnum
CREATE TYPE "ContactRole" AS ENUM ('PRIMARY', 'BILLING', 'TECHNICAL');

-- CreateEnum
CREATE TYPE "SubscriptionStatus" AS ENUM ('ACTIVE', 'SUSPENDED', 'EXPIRED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SubscriptionTerm" AS ENUM ('P1M', 'P1Y', 'P3Y');

-- CreateEnum
CREATE TYPE "BillingCycle" AS ENUM ('MONTHLY', 'ANNUAL');

-- CreateEnum
CREATE TYPE "CommunicationCategory" AS ENUM ('SUBSCRIPTION_BILLING', 'SERVICE_INCIDENT', 'OPERATIONAL', 'NON_CSP_PRODUCTS');

-- CreateEnum
CREATE TYPE "CommunicationClassification" AS ENUM ('incident', 'advisory');

-- CreateEnum
CREATE TYPE "NoticeKind" AS ENUM ('RENEWAL', 'PRICE_CHANGE', 'SUSPENSION', 'CANCELLATION', 'BILLING', 'LICENSE_CHANGE', 'GENERAL');

-- CreateEnum
CREATE TYPE "NoticeStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'SENDING', 'SENT', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('QUEUED', 'SENT', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateTable
CREATE TABLE "Partner" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "partnerNumber" TEXT NOT NULL,
    "cloud" "Cloud" NOT NULL DEFAULT 'PUBLIC',
    "senderName" TEXT,
    "senderReplyTo" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Partner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "partnerId" UUID,
    "language" "Language" NOT NULL DEFAULT 'en',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "passwordHash" TEXT,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "lastSignInAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInAttempt" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "success" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignInAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "companyName" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "tenantId" UUID NOT NULL,
    "cloud" "Cloud" NOT NULL DEFAULT 'PUBLIC',
    "relationshipToPartner" "RelationshipToPartner" NOT NULL DEFAULT 'RESELLER',
    "preferredLanguage" "Language" NOT NULL DEFAULT 'en',
    "directRelationship" "DirectRelationship" NOT NULL DEFAULT 'NONE',
    "directAgreementType" TEXT,
    "directEvidenceNote" TEXT,
    "nextCommitmentEndAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "language" "Language",
    "role" "ContactRole" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Subscription" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "offerName" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "status" "SubscriptionStatus" NOT NULL DEFAULT 'ACTIVE',
    "term" "SubscriptionTerm" NOT NULL,
    "billingCycle" "BillingCycle" NOT NULL,
    "startDate" DATE NOT NULL,
    "commitmentEndDate" DATE NOT NULL,
    "autoRenew" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MicrosoftCommunication" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "externalId" TEXT NOT NULL,
    "category" "CommunicationCategory" NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "affectedService" TEXT NOT NULL,
    "classification" "CommunicationClassification" NOT NULL,
    "status" TEXT NOT NULL,
    "severity" TEXT,
    "startAt" TIMESTAMPTZ(3) NOT NULL,
    "endAt" TIMESTAMPTZ(3),
    "lastModifiedAt" TIMESTAMPTZ(3) NOT NULL,
    "isResolved" BOOLEAN NOT NULL DEFAULT false,
    "cloud" "Cloud" NOT NULL DEFAULT 'PUBLIC',
    "raw" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MicrosoftCommunication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommunicationAffectedCustomer" (
    "partnerId" UUID NOT NULL,
    "communicationId" UUID NOT NULL,
    "customerId" UUID NOT NULL,

    CONSTRAINT "CommunicationAffectedCustomer_pkey" PRIMARY KEY ("communicationId","customerId")
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "kind" "NoticeKind" NOT NULL,
    "status" "NoticeStatus" NOT NULL DEFAULT 'DRAFT',
    "subjectEn" TEXT NOT NULL DEFAULT '',
    "bodyEn" TEXT NOT NULL DEFAULT '',
    "subjectZhTw" TEXT NOT NULL DEFAULT '',
    "bodyZhTw" TEXT NOT NULL DEFAULT '',
    "recipientRoles" "ContactRole"[],
    "scheduledAt" TIMESTAMPTZ(3),
    "sentAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "archivedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "templateId" UUID,
    "reminderRuleId" UUID,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NoticeCustomer" (
    "noticeId" UUID NOT NULL,
    "customerId" UUID NOT NULL,

    CONSTRAINT "NoticeCustomer_pkey" PRIMARY KEY ("noticeId","customerId")
);

-- CreateTable
CREATE TABLE "NoticeSubscription" (
    "noticeId" UUID NOT NULL,
    "subscriptionId" UUID NOT NULL,

    CONSTRAINT "NoticeSubscription_pkey" PRIMARY KEY ("noticeId","subscriptionId")
);

-- CreateTable
CREATE TABLE "NoticeDelivery" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "noticeId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "contactId" UUID,
    "recipientEmail" TEXT NOT NULL,
    "recipientName" TEXT NOT NULL,
    "language" "Language" NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "messageId" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NoticeDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NoticeTemplate" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "NoticeKind" NOT NULL,
    "subjectEn" TEXT NOT NULL,
    "bodyEn" TEXT NOT NULL,
    "subjectZhTw" TEXT NOT NULL,
    "bodyZhTw" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NoticeTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RenewalReminderRule" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "offsetsDays" INTEGER[],
    "templateId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RenewalReminderRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReminderNotice" (
    "subscriptionId" UUID NOT NULL,
    "offsetDays" INTEGER NOT NULL,
    "ruleId" UUID NOT NULL,
    "noticeId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReminderNotice_pkey" PRIMARY KEY ("subscriptionId","offsetDays")
);

-- CreateTable
CREATE TABLE "RelationshipReview" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "agreementType" TEXT NOT NULL,
    "evidenceNote" TEXT NOT NULL,
    "status" "ReviewStatus" NOT NULL DEFAULT 'PENDING',
    "declaredById" UUID,
    "decidedById" UUID,
    "decisionNote" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RelationshipReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "actorId" UUID,
    "actorLabel" TEXT NOT NULL,
    "partnerId" UUID,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "address" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmbedToken" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "secretHash" TEXT NOT NULL,
    "allowedOrigin" TEXT NOT NULL,
    "language" "Language" NOT NULL DEFAULT 'en',
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmbedToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "partnerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "scopes" TEXT[],
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Partner_partnerNumber_key" ON "Partner"("partnerNumber");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_partnerId_displayName_idx" ON "User"("partnerId", "displayName");

-- CreateIndex
CREATE INDEX "SignInAttempt_email_createdAt_idx" ON "SignInAttempt"("email", "createdAt");

-- CreateIndex
CREATE INDEX "SignInAttempt_address_createdAt_idx" ON "SignInAttempt"("address", "createdAt");

-- CreateIndex
CREATE INDEX "Customer_partnerId_companyName_id_idx" ON "Customer"("partnerId", "companyName", "id");

-- CreateIndex
CREATE INDEX "Customer_partnerId_createdAt_id_idx" ON "Customer"("partnerId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Customer_partnerId_nextCommitmentEndAt_id_idx" ON "Customer"("partnerId", "nextCommitmentEndAt", "id");

-- CreateIndex
CREATE INDEX "Customer_partnerId_cloud_idx" ON "Customer"("partnerId", "cloud");

-- CreateIndex
CREATE INDEX "Customer_partnerId_directRelationship_idx" ON "Customer"("partnerId", "directRelationship");

-- CreateIndex
CREATE INDEX "Customer_partnerId_domain_idx" ON "Customer"("partnerId", "domain");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_partnerId_tenantId_key" ON "Customer"("partnerId", "tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_partnerId_id_key" ON "Customer"("partnerId", "id");

-- CreateIndex
CREATE INDEX "Contact_partnerId_customerId_idx" ON "Contact"("partnerId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_customerId_email_role_key" ON "Contact"("customerId", "email", "role");

-- CreateIndex
CREATE INDEX "Subscription_partnerId_status_commitmentEndDate_idx" ON "Subscription"("partnerId", "status", "commitmentEndDate");

-- CreateIndex
CREATE INDEX "Subscription_customerId_idx" ON "Subscription"("customerId");

-- CreateIndex
CREATE INDEX "MicrosoftCommunication_partnerId_startAt_id_idx" ON "MicrosoftCommunication"("partnerId", "startAt" DESC, "id");

-- CreateIndex
CREATE INDEX "MicrosoftCommunication_partnerId_category_startAt_idx" ON "MicrosoftCommunication"("partnerId", "category", "startAt" DESC);

-- CreateIndex
CREATE INDEX "MicrosoftCommunication_partnerId_isResolved_idx" ON "MicrosoftCommunication"("partnerId", "isResolved");

-- CreateIndex
CREATE UNIQUE INDEX "MicrosoftCommunication_partnerId_externalId_key" ON "MicrosoftCommunication"("partnerId", "externalId");

-- CreateIndex
CREATE INDEX "CommunicationAffectedCustomer_partnerId_customerId_idx" ON "CommunicationAffectedCustomer"("partnerId", "customerId");

-- CreateIndex
CREATE INDEX "Notice_partnerId_status_createdAt_idx" ON "Notice"("partnerId", "status", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Notice_partnerId_createdAt_id_idx" ON "Notice"("partnerId", "createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Notice_status_scheduledAt_idx" ON "Notice"("status", "scheduledAt");

-- CreateIndex
CREATE INDEX "NoticeCustomer_customerId_idx" ON "NoticeCustomer"("customerId");

-- CreateIndex
CREATE INDEX "NoticeSubscription_subscriptionId_idx" ON "NoticeSubscription"("subscriptionId");

-- CreateIndex
CREATE UNIQUE INDEX "NoticeDelivery_messageId_key" ON "NoticeDelivery"("messageId");

-- CreateIndex
CREATE INDEX "NoticeDelivery_status_nextAttemptAt_idx" ON "NoticeDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "NoticeDelivery_partnerId_noticeId_idx" ON "NoticeDelivery"("partnerId", "noticeId");

-- CreateIndex
CREATE UNIQUE INDEX "NoticeDelivery_noticeId_recipientEmail_key" ON "NoticeDelivery"("noticeId", "recipientEmail");

-- CreateIndex
CREATE UNIQUE INDEX "NoticeTemplate_partnerId_name_key" ON "NoticeTemplate"("partnerId", "name");

-- CreateIndex
CREATE INDEX "RenewalReminderRule_partnerId_idx" ON "RenewalReminderRule"("partnerId");

-- CreateIndex
CREATE INDEX "ReminderNotice_noticeId_idx" ON "ReminderNotice"("noticeId");

-- CreateIndex
CREATE INDEX "RelationshipReview_status_createdAt_idx" ON "RelationshipReview"("status", "createdAt");

-- CreateIndex
CREATE INDEX "RelationshipReview_partnerId_customerId_createdAt_idx" ON "RelationshipReview"("partnerId", "customerId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_partnerId_createdAt_idx" ON "AuditEvent"("partnerId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "EmbedToken_secretHash_key" ON "EmbedToken"("secretHash");

-- CreateIndex
CREATE INDEX "EmbedToken_partnerId_idx" ON "EmbedToken"("partnerId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_secretHash_key" ON "ApiToken"("secretHash");

-- CreateIndex
CREATE INDEX "ApiToken_partnerId_idx" ON "ApiToken"("partnerId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MicrosoftCommunication" ADD CONSTRAINT "MicrosoftCommunication_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunicationAffectedCustomer" ADD CONSTRAINT "CommunicationAffectedCustomer_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunicationAffectedCustomer" ADD CONSTRAINT "CommunicationAffectedCustomer_communicationId_fkey" FOREIGN KEY ("communicationId") REFERENCES "MicrosoftCommunication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunicationAffectedCustomer" ADD CONSTRAINT "CommunicationAffectedCustomer_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "NoticeTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_reminderRuleId_fkey" FOREIGN KEY ("reminderRuleId") REFERENCES "RenewalReminderRule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notice" ADD CONSTRAINT "Notice_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeCustomer" ADD CONSTRAINT "NoticeCustomer_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeCustomer" ADD CONSTRAINT "NoticeCustomer_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeSubscription" ADD CONSTRAINT "NoticeSubscription_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeSubscription" ADD CONSTRAINT "NoticeSubscription_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeDelivery" ADD CONSTRAINT "NoticeDelivery_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeDelivery" ADD CONSTRAINT "NoticeDelivery_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeDelivery" ADD CONSTRAINT "NoticeDelivery_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeDelivery" ADD CONSTRAINT "NoticeDelivery_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeTemplate" ADD CONSTRAINT "NoticeTemplate_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RenewalReminderRule" ADD CONSTRAINT "RenewalReminderRule_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RenewalReminderRule" ADD CONSTRAINT "RenewalReminderRule_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "NoticeTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderNotice" ADD CONSTRAINT "ReminderNotice_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderNotice" ADD CONSTRAINT "ReminderNotice_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "RenewalReminderRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReminderNotice" ADD CONSTRAINT "ReminderNotice_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RelationshipReview" ADD CONSTRAINT "RelationshipReview_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RelationshipReview" ADD CONSTRAINT "RelationshipReview_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RelationshipReview" ADD CONSTRAINT "RelationshipReview_declaredById_fkey" FOREIGN KEY ("declaredById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RelationshipReview" ADD CONSTRAINT "RelationshipReview_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmbedToken" ADD CONSTRAINT "EmbedToken_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

