CREATE TYPE "public"."run_group_kind" AS ENUM('LADDER');--> statement-breakpoint
CREATE TABLE "run_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"kind" "run_group_kind" NOT NULL,
	"name" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "run_groups" ADD CONSTRAINT "run_groups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_groups" ADD CONSTRAINT "run_groups_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_groups_team_id_created_at_idx" ON "run_groups" USING btree ("team_id","created_at");--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_group_id_run_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."run_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "runs_group_id_idx" ON "runs" USING btree ("group_id");