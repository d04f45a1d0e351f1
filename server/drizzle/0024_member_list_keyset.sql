DROP INDEX "member_name_initials_idx";--> statement-breakpoint
DROP INDEX "member_organization_initials_idx";--> statement-breakpoint
CREATE INDEX "member_initials_order_idx" ON "member" USING btree ("name_initials" collate "C","id");--> statement-breakpoint
CREATE INDEX "member_organization_initials_idx" ON "member" USING btree ("organization_id","name_initials" collate "C","id");