ALTER TABLE "member" DROP CONSTRAINT "member_status_check";--> statement-breakpoint
ALTER TABLE "member_history" DROP CONSTRAINT "member_history_status_check";--> statement-breakpoint
ALTER TABLE "member_transfer" ADD COLUMN "to_external_address" text;--> statement-breakpoint
ALTER TABLE "member_transfer" ADD COLUMN "to_external_contact" text;--> statement-breakpoint
ALTER TABLE "member_transfer" ADD COLUMN "incoming_letter_number" text;--> statement-breakpoint
CREATE UNIQUE INDEX "member_transfer_incoming_letter_key" ON "member_transfer" USING btree ("from_external_name","incoming_letter_number") WHERE "member_transfer"."incoming_letter_number" is not null;--> statement-breakpoint
ALTER TABLE "member" ADD CONSTRAINT "member_status_check" CHECK ("member"."status" in ('active', 'transferring', 'flowing', 'aged_out', 'lapsed', 'withdrawn', 'expelled', 'transferred_out'));--> statement-breakpoint
ALTER TABLE "member_history" ADD CONSTRAINT "member_history_status_check" CHECK ("member_history"."status" in ('active', 'transferring', 'flowing', 'aged_out', 'lapsed', 'withdrawn', 'expelled', 'transferred_out'));--> statement-breakpoint
ALTER TABLE "member_transfer" ADD CONSTRAINT "member_transfer_incoming_letter_check" CHECK ("member_transfer"."incoming_letter_number" is null or "member_transfer"."from_external_name" is not null);