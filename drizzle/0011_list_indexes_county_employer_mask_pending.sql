DROP INDEX "households_region_updated_idx";--> statement-breakpoint
DROP INDEX "households_employer_idx";--> statement-breakpoint
CREATE INDEX "households_org_region_idx" ON "households" USING btree ("org_id","region_code");--> statement-breakpoint
CREATE INDEX "households_bank_mask_pending_idx" ON "households" USING btree ("id") WHERE "households"."bank_account_masked" is null and "households"."bank_account_enc" is not null;--> statement-breakpoint
CREATE INDEX "households_region_updated_idx" ON "households" USING btree ("region_code" text_pattern_ops,"updated_at","id","org_id","status","category","level","primary_cause","serious_illness","students","flags","secondary_causes");--> statement-breakpoint
CREATE INDEX "households_employer_idx" ON "households" USING btree ("employer" text_pattern_ops,"updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"region_code","org_id","worker_name");