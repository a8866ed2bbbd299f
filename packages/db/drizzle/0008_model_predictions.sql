CREATE TYPE "public"."prediction_split" AS ENUM('val', 'test');--> statement-breakpoint
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
ALTER TABLE "model_predictions" ADD CONSTRAINT "model_predictions_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "model_predictions_model_loss_idx" ON "model_predictions" USING btree ("model_id","loss" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "model_predictions_model_cell_idx" ON "model_predictions" USING btree ("model_id","true_class","predicted_class");