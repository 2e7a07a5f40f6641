-- The instant an attempt handed the whole content to the provider (email), before its answer: an
-- attempt that died after it most likely delivered the message (relays queue before they answer),
-- one that died before it did not.
-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "transmittedAt" TIMESTAMP(3);
