ALTER TYPE "public"."run_group_kind" ADD VALUE 'SWEEP';--> statement-breakpoint
ALTER TABLE "run_groups" ADD COLUMN "grid" jsonb;