CREATE TYPE "public"."weights_format" AS ENUM('KERAS_H5', 'TFJS_LAYERS');--> statement-breakpoint
CREATE TABLE "backbone_weights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"name" text NOT NULL,
	"backbone" "backbone" NOT NULL,
	"alpha" real,
	"format" "weights_format" NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "backbone_weights_team_name_unique" UNIQUE("team_id","name")
);
--> statement-breakpoint
CREATE TABLE "imagenet_weights" (
	"file_name" text PRIMARY KEY NOT NULL,
	"backbone" "backbone" NOT NULL,
	"alpha" real,
	"sha256" text NOT NULL,
	"md5" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "weights_id" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "weights" jsonb;--> statement-breakpoint
ALTER TABLE "backbone_weights" ADD CONSTRAINT "backbone_weights_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backbone_weights" ADD CONSTRAINT "backbone_weights_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imagenet_weights" ADD CONSTRAINT "imagenet_weights_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "backbone_weights_team_id_created_at_idx" ON "backbone_weights" USING btree ("team_id","created_at");--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_weights_id_backbone_weights_id_fk" FOREIGN KEY ("weights_id") REFERENCES "public"."backbone_weights"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "runs_weights_id_idx" ON "runs" USING btree ("weights_id");