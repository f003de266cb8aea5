CREATE TABLE "aid_awards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"award_no" text NOT NULL,
	"program_id" uuid NOT NULL,
	"program_version" integer NOT NULL,
	"year" integer NOT NULL,
	"household_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"region_code" text NOT NULL,
	"category" text,
	"level" text,
	"student_member_id" uuid,
	"student_name" text,
	"student_stage" text,
	"amount_fen" bigint NOT NULL,
	"explanation" jsonb NOT NULL,
	"payee_name" text NOT NULL,
	"payee_bank_name" text,
	"payee_account_enc" text,
	"status" text NOT NULL,
	"applied_by" uuid NOT NULL,
	"applied_by_name" text NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"reviewed_by" uuid,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"review_note" text,
	"commit_entry_id" uuid,
	"notice_id" uuid,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"revoked_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text,
	"revoke_cause_type" text,
	"revoke_cause_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "aid_awards_award_no_unique" UNIQUE("award_no"),
	CONSTRAINT "aid_awards_amount_ck" CHECK ("aid_awards"."amount_fen" >= 0),
	CONSTRAINT "aid_awards_status_ck" CHECK ("aid_awards"."status" in ('submitted', 'rejected', 'withdrawn', 'approved', 'in_notice', 'objected', 'confirmed', 'batched', 'paid', 'failed', 'revoked'))
);
--> statement-breakpoint
CREATE TABLE "aid_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"batch_no" text NOT NULL,
	"program_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"status" text NOT NULL,
	"item_count" integer NOT NULL,
	"total_fen" bigint NOT NULL,
	"retry_of" uuid,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"exported_by" uuid,
	"exported_at" timestamp with time zone,
	"export_count" integer DEFAULT 0 NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "aid_batches_batch_no_unique" UNIQUE("batch_no"),
	CONSTRAINT "aid_batches_total_ck" CHECK ("aid_batches"."total_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "aid_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"batch_id" uuid NOT NULL,
	"award_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"reference" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"payee_name" text NOT NULL,
	"bank_name" text,
	"account_enc" text NOT NULL,
	"status" text NOT NULL,
	"fail_reason" text,
	"result_by" uuid,
	"result_at" timestamp with time zone,
	"entry_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "aid_payments_reference_unique" UNIQUE("reference"),
	CONSTRAINT "aid_payments_amount_ck" CHECK ("aid_payments"."amount_fen" > 0),
	CONSTRAINT "aid_payments_status_ck" CHECK ("aid_payments"."status" in ('pending', 'paid', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "aid_notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"notice_no" text NOT NULL,
	"program_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"status" text NOT NULL,
	"published_by" uuid NOT NULL,
	"published_by_name" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "aid_notices_notice_no_unique" UNIQUE("notice_no"),
	CONSTRAINT "aid_notices_dates_ck" CHECK ("aid_notices"."starts_on" <= "aid_notices"."ends_on")
);
--> statement-breakpoint
CREATE TABLE "aid_objections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"award_id" uuid NOT NULL,
	"notice_id" uuid NOT NULL,
	"raised_by" text,
	"text" text NOT NULL,
	"received_by" uuid NOT NULL,
	"received_by_name" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"resolution" text,
	"resolved_by" uuid,
	"resolved_by_name" text,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "aid_program_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"program_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"eligibility" jsonb NOT NULL,
	"amount" jsonb NOT NULL,
	"note" text,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "aid_program_versions_uq" UNIQUE("program_id","version")
);
--> statement-breakpoint
CREATE TABLE "aid_programs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"custom_type" text,
	"funding_org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"year" integer NOT NULL,
	"budget_fen" bigint NOT NULL,
	"window_start" date NOT NULL,
	"window_end" date NOT NULL,
	"notice_days" integer NOT NULL,
	"status" text NOT NULL,
	"current_version" integer NOT NULL,
	"budget_account_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "aid_programs_code_unique" UNIQUE("code"),
	CONSTRAINT "aid_programs_budget_ck" CHECK ("aid_programs"."budget_fen" >= 0),
	CONSTRAINT "aid_programs_window_ck" CHECK ("aid_programs"."window_start" <= "aid_programs"."window_end"),
	CONSTRAINT "aid_programs_notice_days_ck" CHECK ("aid_programs"."notice_days" between 0 and 60)
);
--> statement-breakpoint
CREATE TABLE "aid_recoveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"recovery_no" text NOT NULL,
	"award_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"household_org_path" text NOT NULL,
	"amount_due_fen" bigint NOT NULL,
	"received_fen" bigint DEFAULT 0 NOT NULL,
	"written_off_fen" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"cause_type" text NOT NULL,
	"cause_id" uuid,
	"reason" text NOT NULL,
	"opened_by" uuid NOT NULL,
	"opened_by_name" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "aid_recoveries_recovery_no_unique" UNIQUE("recovery_no"),
	CONSTRAINT "aid_recoveries_award_id_unique" UNIQUE("award_id"),
	CONSTRAINT "aid_recoveries_amounts_ck" CHECK ("aid_recoveries"."amount_due_fen" > 0 and "aid_recoveries"."received_fen" >= 0 and "aid_recoveries"."written_off_fen" >= 0 and "aid_recoveries"."received_fen" + "aid_recoveries"."written_off_fen" <= "aid_recoveries"."amount_due_fen")
);
--> statement-breakpoint
CREATE TABLE "aid_recovery_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"recovery_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"note" text,
	"by_user_id" uuid NOT NULL,
	"by_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"entry_id" uuid,
	CONSTRAINT "aid_recovery_events_amount_ck" CHECK ("aid_recovery_events"."amount_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "aid_awards" ADD CONSTRAINT "aid_awards_program_id_aid_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."aid_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_awards" ADD CONSTRAINT "aid_awards_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_batches" ADD CONSTRAINT "aid_batches_program_id_aid_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."aid_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_payments" ADD CONSTRAINT "aid_payments_batch_id_aid_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."aid_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_payments" ADD CONSTRAINT "aid_payments_award_id_aid_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."aid_awards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_notices" ADD CONSTRAINT "aid_notices_program_id_aid_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."aid_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_objections" ADD CONSTRAINT "aid_objections_award_id_aid_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."aid_awards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_objections" ADD CONSTRAINT "aid_objections_notice_id_aid_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."aid_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_program_versions" ADD CONSTRAINT "aid_program_versions_program_id_aid_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."aid_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_programs" ADD CONSTRAINT "aid_programs_funding_org_id_orgs_id_fk" FOREIGN KEY ("funding_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_recoveries" ADD CONSTRAINT "aid_recoveries_award_id_aid_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."aid_awards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_recovery_events" ADD CONSTRAINT "aid_recovery_events_recovery_id_aid_recoveries_id_fk" FOREIGN KEY ("recovery_id") REFERENCES "public"."aid_recoveries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "aid_awards_once_uq" ON "aid_awards" USING btree ("program_id","household_id","year") WHERE "aid_awards"."status" not in ('rejected', 'withdrawn');--> statement-breakpoint
CREATE INDEX "aid_awards_program_status_idx" ON "aid_awards" USING btree ("program_id","status");--> statement-breakpoint
CREATE INDEX "aid_awards_household_idx" ON "aid_awards" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "aid_awards_org_path_idx" ON "aid_awards" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "aid_batches_program_idx" ON "aid_batches" USING btree ("program_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "aid_payments_award_live_uq" ON "aid_payments" USING btree ("award_id") WHERE "aid_payments"."status" in ('pending', 'paid');--> statement-breakpoint
CREATE INDEX "aid_payments_batch_idx" ON "aid_payments" USING btree ("batch_id","line_no");--> statement-breakpoint
CREATE INDEX "aid_payments_household_idx" ON "aid_payments" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "aid_notices_program_idx" ON "aid_notices" USING btree ("program_id");--> statement-breakpoint
CREATE INDEX "aid_objections_award_idx" ON "aid_objections" USING btree ("award_id");--> statement-breakpoint
CREATE INDEX "aid_objections_notice_idx" ON "aid_objections" USING btree ("notice_id","status");--> statement-breakpoint
CREATE INDEX "aid_programs_org_path_idx" ON "aid_programs" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "aid_programs_year_idx" ON "aid_programs" USING btree ("year","type");--> statement-breakpoint
CREATE INDEX "aid_recoveries_status_idx" ON "aid_recoveries" USING btree ("status","org_path");--> statement-breakpoint
CREATE INDEX "aid_recoveries_household_idx" ON "aid_recoveries" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "aid_recovery_events_recovery_idx" ON "aid_recovery_events" USING btree ("recovery_id","at");