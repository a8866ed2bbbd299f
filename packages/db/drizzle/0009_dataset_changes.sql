CREATE TYPE "public"."dataset_change_kind" AS ENUM('RELABEL', 'DELETE');--> statement-breakpoint
CREATE TABLE "dataset_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"kind" "dataset_change_kind" NOT NULL,
	"image_sha256" text NOT NULL,
	"split" "image_split" NOT NULL,
	"from_class" text NOT NULL,
	"to_class" text,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dataset_changes_dataset_revision_unique" UNIQUE("dataset_id","revision")
);
--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "dataset_changes" ADD CONSTRAINT "dataset_changes_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_changes" ADD CONSTRAINT "dataset_changes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dataset_changes_dataset_created_idx" ON "dataset_changes" USING btree ("dataset_id","created_at");