CREATE TYPE "public"."dataset_change_kind" AS ENUM('RELABEL', 'DELETE');--> statement-breakpoint
CREATE TYPE "public"."prediction_split" AS ENUM('val', 'test');--> statement-breakpoint
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
CREATE TABLE "model_predictions" (
	"model_id" uuid NOT NULL,
	"image_sha256" text NOT NULL,
	"split" "prediction_split" NOT NULL,
	"true_class" text NOT NULL,
	"predicted_class" text NOT NULL,
	"loss" real NOT NULL,
	"top_k" jsonb NOT NULL,
	CONSTRAINT "model_predictions_model_id_split_image_sha256_pk" PRIMARY KEY("model_id","split","image_sha256")
);
--> statement-breakpoint
ALTER TABLE "datasets" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "dataset_changes" ADD CONSTRAINT "dataset_changes_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_changes" ADD CONSTRAINT "dataset_changes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_predictions" ADD CONSTRAINT "model_predictions_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dataset_changes_dataset_created_idx" ON "dataset_changes" USING btree ("dataset_id","created_at");--> statement-breakpoint
CREATE INDEX "model_predictions_model_loss_idx" ON "model_predictions" USING btree ("model_id","loss" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "model_predictions_model_cell_idx" ON "model_predictions" USING btree ("model_id","true_class","predicted_class");