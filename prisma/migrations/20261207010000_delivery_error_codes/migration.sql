-- A delivery's "lastError" is now a code (lib/domain/delivery-errors.ts), never the mail server's
-- text, which can repeat an address or give a server's file path and reaches users (the ledger,
-- its CSV, the API). Text stored before cannot be read back into a code: it becomes UNKNOWN.
-- Data only: the tables stay as they are (schema.prisma says what the column holds).
UPDATE "NoticeDelivery"
SET "lastError" = 'UNKNOWN'
WHERE "lastError" IS NOT NULL
  AND "lastError" NOT IN (
    'RECIPIENT_REJECTED', 'MAILBOX_UNAVAILABLE', 'MESSAGE_REJECTED', 'SENDER_REJECTED', 'TEMPORARY_FAILURE',
    'RELAY_UNREACHABLE', 'RELAY_AUTH_FAILED', 'TIMEOUT', 'RENDER_FAILED', 'FILE_WRITE_FAILED', 'RECIPIENT_REMOVED', 'UNKNOWN'
  );
