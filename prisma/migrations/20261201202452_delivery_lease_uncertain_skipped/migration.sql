-- The delivery log can say "skipped" (no longer useful) and "uncertain" (the relay got the whole
-- email but never answered), and a claim has its own lease column, apart from the send window.
ALTER TYPE "NotificationStatus" ADD VALUE 'UNCERTAIN';
ALTER TYPE "NotificationStatus" ADD VALUE 'SKIPPED';

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "claimedUntil" TIMESTAMP(3),
ADD COLUMN     "possibleDuplicate" BOOLEAN NOT NULL DEFAULT false;

-- A channel is a registered name, not a database enum: adding one needs no migration. Values kept.
ALTER TABLE "Notification" ALTER COLUMN "channel" SET DATA TYPE TEXT USING "channel"::text;

-- DropEnum
DROP TYPE "NotificationChannel";
