-- CreateEnum
CREATE TYPE "UnitChangeKind" AS ENUM ('FOUND', 'RENAME', 'MERGE', 'SPLIT', 'DISSOLVE');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AgencyKind" ADD VALUE 'XA';
ALTER TYPE "AgencyKind" ADD VALUE 'PHUONG';
ALTER TYPE "AgencyKind" ADD VALUE 'DAC_KHU';

-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "endChangeId" INTEGER,
ADD COLUMN     "officialCode" TEXT,
ADD COLUMN     "validFrom" DATE,
ADD COLUMN     "validTo" DATE;

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "copiedFromId" INTEGER;

-- CreateTable
CREATE TABLE "AgencyName" (
    "id" SERIAL NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "validFrom" DATE,
    "changeId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgencyName_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnitChange" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "UnitChangeKind" NOT NULL,
    "date" DATE NOT NULL,
    "detail" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnitChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgencySuccession" (
    "id" SERIAL NOT NULL,
    "changeId" INTEGER NOT NULL,
    "predecessorId" INTEGER NOT NULL,
    "successorId" INTEGER NOT NULL,
    "date" DATE NOT NULL,

    CONSTRAINT "AgencySuccession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgencyName_agencyId_validFrom_key" ON "AgencyName"("agencyId", "validFrom");

-- CreateIndex
CREATE UNIQUE INDEX "UnitChange_key_key" ON "UnitChange"("key");

-- CreateIndex
CREATE INDEX "AgencySuccession_successorId_idx" ON "AgencySuccession"("successorId");

-- CreateIndex
CREATE UNIQUE INDEX "AgencySuccession_predecessorId_successorId_key" ON "AgencySuccession"("predecessorId", "successorId");

-- CreateIndex
CREATE INDEX "Agency_officialCode_idx" ON "Agency"("officialCode");

-- CreateIndex
CREATE INDEX "Agency_validTo_validFrom_idx" ON "Agency"("validTo", "validFrom");

-- AddForeignKey
ALTER TABLE "Agency" ADD CONSTRAINT "Agency_endChangeId_fkey" FOREIGN KEY ("endChangeId") REFERENCES "UnitChange"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyName" ADD CONSTRAINT "AgencyName_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencyName" ADD CONSTRAINT "AgencyName_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "UnitChange"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencySuccession" ADD CONSTRAINT "AgencySuccession_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "UnitChange"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencySuccession" ADD CONSTRAINT "AgencySuccession_predecessorId_fkey" FOREIGN KEY ("predecessorId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgencySuccession" ADD CONSTRAINT "AgencySuccession_successorId_fkey" FOREIGN KEY ("successorId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Backfill: every unit has a name history, and the existing ones start with their current name.
INSERT INTO "AgencyName" ("agencyId", "name", "validFrom")
SELECT "id", "name", "validFrom" FROM "Agency";
