CREATE TABLE "trainers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"worker_token_id" uuid NOT NULL,
	"name" text NOT NULL,
	"memory_mb" integer,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trainers_worker_token_id_name_unique" UNIQUE("worker_token_id","name")
);
--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "memory_estimate_mb" integer;--> statement-breakpoint
ALTER TABLE "trainers" ADD CONSTRAINT "trainers_worker_token_id_worker_tokens_id_fk" FOREIGN KEY ("worker_token_id") REFERENCES "public"."worker_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "trainers_last_seen_at_idx" ON "trainers" USING btree ("last_seen_at");