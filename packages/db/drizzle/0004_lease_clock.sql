CREATE TABLE "lease_clock" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lease_clock_one_row" CHECK ("lease_clock"."id" = 1)
);
