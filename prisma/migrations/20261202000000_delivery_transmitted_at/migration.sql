-- The instant an attempt began to hand the content to the provider: an attempt that died after it
-- may have delivered the message (the relay queues before it answers), one that died before it cannot.
-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "transmittedAt" TIMESTAMP(3);
