ALTER TABLE "branch_education_review" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "education_review_campaign" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "member_registration" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "party_recommendation" ADD COLUMN "party_application_on" date;--> statement-breakpoint
ALTER TABLE "party_recommendation" ADD COLUMN "meeting_held_on" date;--> statement-breakpoint
ALTER TABLE "party_recommendation" ADD COLUMN "roll_count" integer;--> statement-breakpoint
ALTER TABLE "party_recommendation" ADD COLUMN "attendees_count" integer;--> statement-breakpoint
ALTER TABLE "party_recommendation" ADD COLUMN "votes_for" integer;--> statement-breakpoint
ALTER TABLE "registration_campaign" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "registration_campaign" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "member_registration" ADD CONSTRAINT "member_registration_deferred_check" CHECK ("member_registration"."status" <> 'deferred' or ("member_registration"."deferred_until" is not null and "member_registration"."reason" is not null));