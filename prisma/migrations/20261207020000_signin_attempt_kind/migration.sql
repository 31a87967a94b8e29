-- CreateEnum
CREATE TYPE "SignInAttemptKind" AS ENUM ('SIGN_IN', 'PASSWORD_CHANGE');

-- AlterTable
ALTER TABLE "SignInAttempt" ADD COLUMN     "kind" "SignInAttemptKind" NOT NULL DEFAULT 'SIGN_IN';

-- CreateIndex
CREATE INDEX "SignInAttempt_createdAt_idx" ON "SignInAttempt"("createdAt");

