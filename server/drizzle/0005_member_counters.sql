CREATE TABLE "member_count" (
	"organization_id" integer NOT NULL,
	"status" text NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "member_count_organization_id_status_dimension_value_pk" PRIMARY KEY("organization_id","status","dimension","value")
);
--> statement-breakpoint
CREATE TABLE "member_count_delta" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_count_delta_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"organization_id" integer NOT NULL,
	"status" text NOT NULL,
	"sex" text NOT NULL,
	"birth_month" text NOT NULL,
	"occupation" text,
	"education" text,
	"ethnicity" text,
	"is_cadre" boolean NOT NULL,
	"delta" smallint NOT NULL,
	CONSTRAINT "member_count_delta_sign_check" CHECK ("member_count_delta"."delta" in (-1, 1))
);
--> statement-breakpoint
CREATE TABLE "member_count_snapshot" (
	"month" date NOT NULL,
	"organization_id" integer NOT NULL,
	"status" text NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "member_count_snapshot_organization_id_dimension_month_status_value_pk" PRIMARY KEY("organization_id","dimension","month","status","value")
);
--> statement-breakpoint
CREATE TABLE "member_count_snapshot_month" (
	"month" date PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_count_snapshot_month_source_check" CHECK ("member_count_snapshot_month"."source" in ('counters', 'history'))
);
--> statement-breakpoint
CREATE TABLE "organization_count" (
	"organization_id" integer NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "organization_count_organization_id_dimension_value_pk" PRIMARY KEY("organization_id","dimension","value")
);
--> statement-breakpoint
CREATE TABLE "organization_count_snapshot" (
	"month" date NOT NULL,
	"organization_id" integer NOT NULL,
	"dimension" text NOT NULL,
	"value" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "organization_count_snapshot_organization_id_month_dimension_value_pk" PRIMARY KEY("organization_id","month","dimension","value")
);
