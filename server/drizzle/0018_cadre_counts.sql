CREATE TABLE "cadre_count" (
	"organization_id" integer NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "cadre_count_pkey" PRIMARY KEY("organization_id","dimension","value")
);
--> statement-breakpoint
ALTER TABLE "cadre" ADD COLUMN "training_rounds" integer DEFAULT 0 NOT NULL;