-- The identity of a cycle becomes (regime, year, period, drill or real). Existing cycles are of
-- the CCHC regime. An existing drill becomes drill number 1 of its period, so that it no longer
-- holds the key of the real cycle. (No semicolons or quotes in comments: the migration runner
-- splits statements on them.)

-- AlterEnum
ALTER TYPE "CycleStatus" ADD VALUE 'CONSOLIDATED';

-- DropIndex
DROP INDEX "ReportingCycle_year_period_key";

-- AlterTable
ALTER TABLE "ReportingCycle" ADD COLUMN     "consolidatedAt" TIMESTAMP(3),
ADD COLUMN     "drillNo" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "finalCloseAt" TIMESTAMP(3),
ADD COLUMN     "followUpAt" TIMESTAMP(3),
ADD COLUMN     "key" TEXT,
ADD COLUMN     "regime" TEXT NOT NULL DEFAULT 'CCHC',
ADD COLUMN     "regimeData" JSONB;

-- Existing data: the regime is CCHC, a drill is number 1 of its period.
UPDATE "ReportingCycle" SET "drillNo" = CASE WHEN "drill" THEN 1 ELSE 0 END;
UPDATE "ReportingCycle"
   SET "key" = "regime" || '-' || "year" || '-' || "period" || CASE WHEN "drillNo" > 0 THEN '-DT' || "drillNo" ELSE '' END;
ALTER TABLE "ReportingCycle" ALTER COLUMN "key" SET NOT NULL;

-- AlterTable
ALTER TABLE "Escalation" ADD COLUMN     "digestStep" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ReportingCycle_key_key" ON "ReportingCycle"("key");

-- CreateIndex
CREATE UNIQUE INDEX "ReportingCycle_regime_year_period_drillNo_key" ON "ReportingCycle"("regime", "year", "period", "drillNo");
