CREATE TABLE "org_life_count" (
	"organization_id" integer NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"amount" numeric NOT NULL,
	CONSTRAINT "org_life_count_pkey" PRIMARY KEY("organization_id","dimension","value")
);
--> statement-breakpoint
CREATE TABLE "org_life_own" (
	"organization_id" integer NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"amount" numeric NOT NULL,
	CONSTRAINT "org_life_own_pkey" PRIMARY KEY("organization_id","dimension","value")
);
