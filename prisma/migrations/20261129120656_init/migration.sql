-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AgencyKind" AS ENUM ('PROVINCE', 'DEPARTMENT', 'DISTRICT', 'COMMUNE');

-- CreateEnum
CREATE TYPE "ContactRole" AS ENUM ('FOCAL_POINT', 'HEAD', 'SNV_DESK', 'SNV_DIRECTOR', 'UBND');

-- CreateEnum
CREATE TYPE "CycleStatus" AS ENUM ('PLANNED', 'OPEN', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ReportState" AS ENUM ('PENDING', 'SUBMITTED_ON_TIME', 'SUBMITTED_LATE', 'OVERDUE', 'EXEMPT');

-- CreateEnum
CREATE TYPE "NotificationChannel" AS ENUM ('EMAIL', 'SMS');

-- CreateEnum
CREATE TYPE "NotificationStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "InspectionPlanStatus" AS ENUM ('ACTIVE', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "InspectionState" AS ENUM ('SCHEDULED', 'NOTIFIED', 'SELF_REPORT_RECEIVED', 'SELF_REPORT_OVERDUE', 'VISITED', 'REMEDIATING', 'CONCLUDED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "FindingState" AS ENUM ('OPEN', 'REMEDIATED', 'OVERDUE');

-- CreateTable
CREATE TABLE "Agency" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AgencyKind" NOT NULL,
    "reporting" BOOLEAN NOT NULL DEFAULT true,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "parentId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" SERIAL NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "role" "ContactRole" NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportingCycle" (
    "id" SERIAL NOT NULL,
    "workflowId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "period" TEXT NOT NULL,
    "windowStart" DATE NOT NULL,
    "cutoff" DATE NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "agencyDueAt" TIMESTAMP(3) NOT NULL,
    "provinceDueAt" TIMESTAMP(3) NOT NULL,
    "consolidationAt" TIMESTAMP(3),
    "drill" BOOLEAN NOT NULL DEFAULT false,
    "status" "CycleStatus" NOT NULL DEFAULT 'OPEN',
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportingCycle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CycleAgency" (
    "id" SERIAL NOT NULL,
    "workflowId" TEXT NOT NULL,
    "cycleId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "state" "ReportState" NOT NULL DEFAULT 'PENDING',
    "dueAt" TIMESTAMP(3) NOT NULL,
    "extendedReason" TEXT,
    "extendedBy" TEXT,
    "exemptReason" TEXT,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3),
    "receiptNumber" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CycleAgency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Submission" (
    "id" SERIAL NOT NULL,
    "cycleAgencyId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "documentNumber" TEXT NOT NULL,
    "signedDate" DATE NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "channel" TEXT NOT NULL,
    "attachmentRef" TEXT,
    "attachmentSha256" TEXT,
    "summary" JSONB,
    "receiptNumber" TEXT NOT NULL,
    "onTime" BOOLEAN NOT NULL,
    "lateWorkingDays" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" SERIAL NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "channel" "NotificationChannel" NOT NULL,
    "purpose" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "agencyCode" TEXT,
    "contactId" INTEGER,
    "recipient" TEXT NOT NULL,
    "subject" TEXT,
    "body" TEXT,
    "status" "NotificationStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "notBefore" TIMESTAMP(3),
    "providerId" TEXT,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Escalation" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "toRole" "ContactRole" NOT NULL,
    "escalatedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "cycleAgencyId" INTEGER,
    "inspectionId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Escalation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InspectionPlan" (
    "id" SERIAL NOT NULL,
    "workflowId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "decisionRef" TEXT NOT NULL,
    "team" JSONB NOT NULL,
    "policy" JSONB NOT NULL,
    "status" "InspectionPlanStatus" NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InspectionPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Inspection" (
    "id" SERIAL NOT NULL,
    "workflowId" TEXT NOT NULL,
    "planId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "scope" TEXT NOT NULL,
    "visitDate" DATE NOT NULL,
    "state" "InspectionState" NOT NULL DEFAULT 'SCHEDULED',
    "selfReportDueAt" TIMESTAMP(3) NOT NULL,
    "selfReportAt" TIMESTAMP(3),
    "selfReportReceipt" TEXT,
    "visitRecordedAt" TIMESTAMP(3),
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "rescheduleReason" TEXT,
    "cancelReason" TEXT,
    "concludedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Inspection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" SERIAL NOT NULL,
    "inspectionId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "remediationDueAt" TIMESTAMP(3) NOT NULL,
    "state" "FindingState" NOT NULL DEFAULT 'OPEN',
    "remediatedAt" TIMESTAMP(3),
    "remediationReport" TEXT,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "workflowId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "agencyCode" TEXT,
    "detail" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Agency_code_key" ON "Agency"("code");

-- CreateIndex
CREATE INDEX "Contact_agencyId_role_active_idx" ON "Contact"("agencyId", "role", "active");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_agencyId_role_name_key" ON "Contact"("agencyId", "role", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ReportingCycle_workflowId_key" ON "ReportingCycle"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "ReportingCycle_year_period_key" ON "ReportingCycle"("year", "period");

-- CreateIndex
CREATE UNIQUE INDEX "CycleAgency_workflowId_key" ON "CycleAgency"("workflowId");

-- CreateIndex
CREATE INDEX "CycleAgency_state_idx" ON "CycleAgency"("state");

-- CreateIndex
CREATE UNIQUE INDEX "CycleAgency_cycleId_agencyId_key" ON "CycleAgency"("cycleId", "agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "Submission_receiptNumber_key" ON "Submission"("receiptNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Submission_cycleAgencyId_version_key" ON "Submission"("cycleAgencyId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_idempotencyKey_key" ON "Notification"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Notification_agencyCode_idx" ON "Notification"("agencyCode");

-- CreateIndex
CREATE INDEX "Notification_workflowId_idx" ON "Notification"("workflowId");

-- CreateIndex
CREATE INDEX "Notification_status_idx" ON "Notification"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Escalation_key_key" ON "Escalation"("key");

-- CreateIndex
CREATE INDEX "Escalation_agencyCode_idx" ON "Escalation"("agencyCode");

-- CreateIndex
CREATE UNIQUE INDEX "InspectionPlan_workflowId_key" ON "InspectionPlan"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "InspectionPlan_year_code_key" ON "InspectionPlan"("year", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Inspection_workflowId_key" ON "Inspection"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Inspection_planId_agencyId_key" ON "Inspection"("planId", "agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "Finding_inspectionId_code_key" ON "Finding"("inspectionId", "code");

-- CreateIndex
CREATE INDEX "AuditEvent_workflowId_idx" ON "AuditEvent"("workflowId");

-- AddForeignKey
ALTER TABLE "Agency" ADD CONSTRAINT "Agency_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CycleAgency" ADD CONSTRAINT "CycleAgency_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "ReportingCycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CycleAgency" ADD CONSTRAINT "CycleAgency_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_cycleAgencyId_fkey" FOREIGN KEY ("cycleAgencyId") REFERENCES "CycleAgency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Escalation" ADD CONSTRAINT "Escalation_cycleAgencyId_fkey" FOREIGN KEY ("cycleAgencyId") REFERENCES "CycleAgency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Escalation" ADD CONSTRAINT "Escalation_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "Inspection"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Inspection" ADD CONSTRAINT "Inspection_planId_fkey" FOREIGN KEY ("planId") REFERENCES "InspectionPlan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Inspection" ADD CONSTRAINT "Inspection_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "Inspection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
