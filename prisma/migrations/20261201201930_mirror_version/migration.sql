-- AlterTable
ALTER TABLE "CycleAgency" ADD COLUMN     "mirrorVersion" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Inspection" ADD COLUMN     "mirrorVersion" BIGINT NOT NULL DEFAULT 0;
