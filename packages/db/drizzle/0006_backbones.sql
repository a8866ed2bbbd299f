ALTER TYPE "public"."backbone" ADD VALUE 'RESNET50';--> statement-breakpoint
ALTER TYPE "public"."backbone" ADD VALUE 'EFFICIENTNET_B0';