-- Customer search (issue 3): pg_trgm and trigram GIN indexes on "Customer"."companyName" and
-- "Customer"."domain", so that the list's case-insensitive substring search (ILIKE '%…%') reads
-- the matching rows through a bitmap index scan instead of every row of the partner.
-- Written entirely by `npm run db:migration:create` from prisma/schema.prisma (the extension is
-- declared with the `postgresqlExtensions` preview feature, the indexes with `type: Gin` and
-- `ops: raw("gin_trgm_ops")`): nothing here is hand-written, so the schema, this SQL and the
-- database stay equal and `prisma migrate diff` between them is empty.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. The
-- embedded PostgreSQL and Debian's postgresql-15 both ship it (contrib).

-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "Customer_companyName_trgm_idx" ON "Customer" USING GIN ("companyName" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Customer_domain_trgm_idx" ON "Customer" USING GIN ("domain" gin_trgm_ops);

