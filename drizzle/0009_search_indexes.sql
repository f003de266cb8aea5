DROP INDEX "households_worker_name_idx";--> statement-breakpoint
DROP INDEX "households_initials_idx";--> statement-breakpoint
DROP INDEX "households_employer_idx";--> statement-breakpoint
DROP INDEX "households_category_idx";--> statement-breakpoint
CREATE INDEX "households_serious_causes_idx" ON "households" USING gin ((case when "serious_illness" then array_prepend("primary_cause", "secondary_causes") else '{}'::text[] end));--> statement-breakpoint
CREATE INDEX "households_worker_name_idx" ON "households" USING btree ("worker_name" text_pattern_ops,"updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"region_code","org_id");--> statement-breakpoint
CREATE INDEX "households_initials_idx" ON "households" USING btree ("worker_initials" text_pattern_ops,"updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"region_code","org_id");--> statement-breakpoint
CREATE INDEX "households_employer_idx" ON "households" USING btree ("employer" text_pattern_ops,"updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"region_code","org_id");--> statement-breakpoint
CREATE INDEX "households_category_idx" ON "households" USING btree ("category","level","region_code","updated_at","id");