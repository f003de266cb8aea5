CREATE TYPE "public"."survey_campaign_status" AS ENUM('draft', 'open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."verification_task_status" AS ENUM('pending', 'assigned', 'visited', 'closed', 'cancelled');--> statement-breakpoint
CREATE TABLE "annual_review_campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"due_date" date NOT NULL,
	"started_by" uuid NOT NULL,
	"started_by_name" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	CONSTRAINT "annual_review_campaign_org_year_uq" UNIQUE("org_id","year")
);
--> statement-breakpoint
CREATE TABLE "annual_review_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"household_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"responsible_user_id" uuid,
	"due_date" date NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"per_capita_income_fen" bigint,
	"cancel_reason" text,
	"notes" text,
	"reviewed_by" uuid,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"resolution" text,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "annual_review_item_year_household_uq" UNIQUE("year","household_id")
);
--> statement-breakpoint
CREATE TABLE "exit_rule_settings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"consecutive_months" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "exit_rule_settings_region_code_unique" UNIQUE("region_code")
);
--> statement-breakpoint
CREATE TABLE "follow_up_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"exited_on" date NOT NULL,
	"milestone" integer NOT NULL,
	"call_date" date NOT NULL,
	"called_by" uuid NOT NULL,
	"called_by_name" text NOT NULL,
	"outcome" text NOT NULL,
	"notes" text,
	"per_capita_income_fen" bigint,
	"reopen_status" text NOT NULL,
	"reopened_by" uuid,
	"reopened_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "follow_up_call_uq" UNIQUE("household_id","exited_on","milestone")
);
--> statement-breakpoint
CREATE TABLE "household_income_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" uuid NOT NULL,
	"month" text NOT NULL,
	"per_capita_income_fen" bigint NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"recorded_by" uuid NOT NULL,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "household_income_month_uq" UNIQUE("household_id","month")
);
--> statement-breakpoint
CREATE TABLE "accountability_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"spot_check_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"region_code" text NOT NULL,
	"subject_user_id" uuid NOT NULL,
	"subject_name" text NOT NULL,
	"signer_role" text NOT NULL,
	"cause" text NOT NULL,
	"action" text NOT NULL,
	"deadline" date NOT NULL,
	"status" text NOT NULL,
	"closing_note" text,
	"closed_by" uuid,
	"closed_by_name" text,
	"closed_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "aid_obligations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"amount_fen" bigint,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spot_check_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"spot_check_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"household_id" uuid NOT NULL,
	"stratum" text NOT NULL,
	"weight" double precision NOT NULL,
	"draw_key" double precision NOT NULL,
	"outcome" text,
	"cause" text,
	"notes" text,
	"rechecked_on" date,
	"recorded_by" uuid,
	"recorded_by_name" text,
	"recorded_at" timestamp with time zone,
	"signature_hash" text
);
--> statement-breakpoint
CREATE TABLE "spot_checks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"org_region_code" text,
	"region_code" text,
	"statuses" text[] NOT NULL,
	"signed_by" uuid[] NOT NULL,
	"rule" jsonb NOT NULL,
	"seed" text NOT NULL,
	"population_count" integer NOT NULL,
	"target_count" integer NOT NULL,
	"sample_count" integer NOT NULL,
	"per_stratum" jsonb NOT NULL,
	"follow_up_of_item_id" uuid,
	"drawn_by" uuid NOT NULL,
	"drawn_by_name" text NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"org_name" text NOT NULL,
	"region_code" text NOT NULL,
	"archive_no" text,
	"worker_name" text NOT NULL,
	"address" text NOT NULL,
	"category" text,
	"level" text,
	"primary_cause" text NOT NULL,
	"source" text NOT NULL,
	"assigned_by" uuid NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "survey_assignments_household_uq" UNIQUE("campaign_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "survey_campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" "survey_campaign_status" NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"scope_org_ids" uuid[] NOT NULL,
	"scope_org_paths" text[] NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"questions" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"assignment_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"answers" jsonb NOT NULL,
	"responded_by" uuid NOT NULL,
	"responded_by_name" text NOT NULL,
	"responded_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	"updated_by_name" text,
	"updated_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "survey_responses_assignment_uq" UNIQUE("assignment_id")
);
--> statement-breakpoint
CREATE TABLE "survey_team_members" (
	"team_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "survey_team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "survey_teams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"name" text NOT NULL,
	"leader_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_files" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"visit_id" uuid,
	"name" text NOT NULL,
	"mime" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_signatures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"visit_id" uuid NOT NULL,
	"signer_user_id" uuid NOT NULL,
	"signer_name" text NOT NULL,
	"statement" text NOT NULL,
	"content_hash" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "verification_signatures_visit_id_unique" UNIQUE("visit_id")
);
--> statement-breakpoint
CREATE TABLE "verification_tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"status" "verification_task_status" NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"reason" text NOT NULL,
	"investigator_id" uuid,
	"assigned_by" uuid,
	"assigned_at" timestamp with time zone,
	"due_date" date,
	"visit_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "verification_visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"round" integer NOT NULL,
	"investigator_id" uuid NOT NULL,
	"investigator_name" text NOT NULL,
	"visit_date" date NOT NULL,
	"checklist" jsonb NOT NULL,
	"found_size" integer NOT NULL,
	"found_annual_income_fen" bigint NOT NULL,
	"found_housing" text NOT NULL,
	"four_looks" jsonb NOT NULL,
	"four_looks_total" integer NOT NULL,
	"findings" text NOT NULL,
	"recommended_category" text NOT NULL,
	"recommended_level" text,
	"recommended_measures" text[] NOT NULL,
	"recommended_aid_fen" bigint NOT NULL,
	"recommendation_note" text,
	"household_version" integer NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "verification_visits_task_id_unique" UNIQUE("task_id")
);
--> statement-breakpoint
DROP INDEX "households_region_idx";--> statement-breakpoint
DROP INDEX "households_updated_idx";--> statement-breakpoint
ALTER TABLE "annual_review_campaigns" ADD CONSTRAINT "annual_review_campaigns_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_review_items" ADD CONSTRAINT "annual_review_items_campaign_id_annual_review_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."annual_review_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annual_review_items" ADD CONSTRAINT "annual_review_items_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_calls" ADD CONSTRAINT "follow_up_calls_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_income_records" ADD CONSTRAINT "household_income_records_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accountability_records" ADD CONSTRAINT "accountability_records_item_id_spot_check_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."spot_check_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "aid_obligations" ADD CONSTRAINT "aid_obligations_item_id_spot_check_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."spot_check_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_items" ADD CONSTRAINT "spot_check_items_spot_check_id_spot_checks_id_fk" FOREIGN KEY ("spot_check_id") REFERENCES "public"."spot_checks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_assignments" ADD CONSTRAINT "survey_assignments_campaign_id_survey_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_assignments" ADD CONSTRAINT "survey_assignments_team_id_survey_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."survey_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_campaigns" ADD CONSTRAINT "survey_campaigns_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_campaign_id_survey_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_assignment_id_survey_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."survey_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_team_members" ADD CONSTRAINT "survey_team_members_team_id_survey_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."survey_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_teams" ADD CONSTRAINT "survey_teams_campaign_id_survey_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_files" ADD CONSTRAINT "verification_files_task_id_verification_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."verification_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_files" ADD CONSTRAINT "verification_files_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_signatures" ADD CONSTRAINT "verification_signatures_visit_id_verification_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."verification_visits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_tasks" ADD CONSTRAINT "verification_tasks_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_tasks" ADD CONSTRAINT "verification_tasks_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_visits" ADD CONSTRAINT "verification_visits_task_id_verification_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."verification_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_visits" ADD CONSTRAINT "verification_visits_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "annual_review_items_campaign_idx" ON "annual_review_items" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "annual_review_items_org_idx" ON "annual_review_items" USING btree ("org_id","status","due_date");--> statement-breakpoint
CREATE INDEX "annual_review_items_responsible_idx" ON "annual_review_items" USING btree ("responsible_user_id","status");--> statement-breakpoint
CREATE INDEX "annual_review_items_household_idx" ON "annual_review_items" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "follow_up_calls_org_idx" ON "follow_up_calls" USING btree ("org_id","reopen_status");--> statement-breakpoint
CREATE INDEX "household_income_month_idx" ON "household_income_records" USING btree ("month");--> statement-breakpoint
CREATE INDEX "accountability_item_idx" ON "accountability_records" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "accountability_status_deadline_idx" ON "accountability_records" USING btree ("status","deadline");--> statement-breakpoint
CREATE INDEX "accountability_org_path_idx" ON "accountability_records" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "accountability_created_idx" ON "accountability_records" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "accountability_subject_idx" ON "accountability_records" USING btree ("subject_user_id");--> statement-breakpoint
CREATE INDEX "aid_obligations_household_idx" ON "aid_obligations" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "aid_obligations_status_idx" ON "aid_obligations" USING btree ("status","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "spot_check_items_check_household_uq" ON "spot_check_items" USING btree ("spot_check_id","household_id");--> statement-breakpoint
CREATE INDEX "spot_check_items_household_idx" ON "spot_check_items" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "spot_check_items_open_idx" ON "spot_check_items" USING btree ("spot_check_id","position");--> statement-breakpoint
CREATE INDEX "spot_checks_org_path_idx" ON "spot_checks" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "spot_checks_drawn_idx" ON "spot_checks" USING btree ("drawn_at","id");--> statement-breakpoint
CREATE INDEX "survey_assignments_team_idx" ON "survey_assignments" USING btree ("team_id","id");--> statement-breakpoint
CREATE INDEX "survey_assignments_region_idx" ON "survey_assignments" USING btree ("campaign_id","region_code");--> statement-breakpoint
CREATE INDEX "survey_campaigns_org_idx" ON "survey_campaigns" USING btree ("org_path");--> statement-breakpoint
CREATE INDEX "survey_campaigns_created_idx" ON "survey_campaigns" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "survey_team_members_user_idx" ON "survey_team_members" USING btree ("user_id","campaign_id");--> statement-breakpoint
CREATE INDEX "survey_teams_campaign_idx" ON "survey_teams" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "verification_files_task_idx" ON "verification_files" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "verification_files_visit_idx" ON "verification_files" USING btree ("visit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "verification_tasks_one_open_uq" ON "verification_tasks" USING btree ("household_id") WHERE status in ('pending', 'assigned');--> statement-breakpoint
CREATE INDEX "verification_tasks_household_idx" ON "verification_tasks" USING btree ("household_id","created_at");--> statement-breakpoint
CREATE INDEX "verification_tasks_investigator_idx" ON "verification_tasks" USING btree ("investigator_id","status");--> statement-breakpoint
CREATE INDEX "verification_tasks_org_idx" ON "verification_tasks" USING btree ("org_id","status","created_at");--> statement-breakpoint
CREATE INDEX "verification_tasks_region_idx" ON "verification_tasks" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "verification_visits_household_idx" ON "verification_visits" USING btree ("household_id","created_at");--> statement-breakpoint
CREATE INDEX "verification_visits_investigator_idx" ON "verification_visits" USING btree ("investigator_id");--> statement-breakpoint
CREATE INDEX "households_region_updated_idx" ON "households" USING btree ("region_code" text_pattern_ops,"updated_at","id");--> statement-breakpoint
CREATE INDEX "households_employer_idx" ON "households" USING btree ("employer" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "households_list_idx" ON "households" USING btree ("updated_at","id","org_id","region_code","status","category","level","primary_cause","serious_illness","students","worker_initials","flags","secondary_causes");