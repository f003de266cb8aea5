CREATE TYPE "public"."org_kind" AS ENUM('province', 'city', 'county', 'grassroots', 'industry', 'third_party');--> statement-breakpoint
CREATE TYPE "public"."household_category" AS ENUM('dibao', 'near_dibao', 'accident', 'not_eligible');--> statement-breakpoint
CREATE TYPE "public"."household_status" AS ENUM('draft', 'submitted', 'verified', 'approved', 'exited', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."household_level" AS ENUM('deep', 'relative', 'general');--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"org_id" uuid NOT NULL,
	"roles" text[] NOT NULL,
	"password_hash" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"phone_enc" text,
	"phone_bidx" text,
	"id_number_enc" text,
	"id_number_bidx" text,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" "org_kind" NOT NULL,
	"subtype" text,
	"parent_id" uuid,
	"path" text NOT NULL,
	"region_code" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "orgs_code_unique" UNIQUE("code"),
	CONSTRAINT "orgs_path_unique" UNIQUE("path")
);
--> statement-breakpoint
CREATE TABLE "dibao_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"dibao_line_fen" integer NOT NULL,
	"near_dibao_multiplier_bp" integer NOT NULL,
	"rigid_spending_share_bp" integer DEFAULT 8000 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text,
	CONSTRAINT "dibao_lines_region_year" UNIQUE("region_code","year")
);
--> statement-breakpoint
CREATE TABLE "four_looks_assessments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" uuid NOT NULL,
	"visit_date" date NOT NULL,
	"answers" jsonb NOT NULL,
	"scores" jsonb NOT NULL,
	"total_score" integer NOT NULL,
	"notes" text,
	"assessed_by" uuid NOT NULL,
	"assessed_by_name" text NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"signer_role" text NOT NULL,
	"actor_user_id" uuid NOT NULL,
	"actor_name" text NOT NULL,
	"reason" text NOT NULL,
	"details" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY NOT NULL,
	"archive_no" text,
	"status" "household_status" NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"address" text NOT NULL,
	"worker_name" text NOT NULL,
	"worker_initials" text NOT NULL,
	"worker_id_bidx" text NOT NULL,
	"worker_phone_bidx" text,
	"employer" text,
	"union_member" boolean DEFAULT true NOT NULL,
	"housing" text NOT NULL,
	"housing_area" numeric(8, 2),
	"receives_dibao" boolean NOT NULL,
	"dibao_certificate_no" text,
	"size" integer NOT NULL,
	"annual_income_fen" bigint NOT NULL,
	"other_annual_income_fen" bigint DEFAULT 0 NOT NULL,
	"medical_out_of_pocket_fen" bigint DEFAULT 0 NOT NULL,
	"schooling_spending_fen" bigint DEFAULT 0 NOT NULL,
	"disaster_loss_fen" bigint DEFAULT 0 NOT NULL,
	"primary_cause" text NOT NULL,
	"secondary_causes" text[] DEFAULT '{}'::text[] NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"students" integer DEFAULT 0 NOT NULL,
	"serious_illness" boolean DEFAULT false NOT NULL,
	"bank_name" text,
	"bank_account_enc" text,
	"bank_account_bidx" text,
	"category" "household_category",
	"level" "household_level",
	"identification" jsonb,
	"cancel_reason" text,
	"registered_by" uuid,
	"registered_at" timestamp with time zone,
	"investigated_by" uuid,
	"investigated_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"responsible_by" uuid,
	"responsible_at" timestamp with time zone,
	"approved_on" date,
	"exited_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "households_archive_no_unique" UNIQUE("archive_no")
);
--> statement-breakpoint
CREATE TABLE "household_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"relation" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_bidx" text NOT NULL,
	"phone_enc" text,
	"phone_bidx" text,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"health" text NOT NULL,
	"disability_grade" integer,
	"schooling_stage" text NOT NULL,
	"employment" text NOT NULL,
	"monthly_income_fen" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"open" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_measures" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"type" text NOT NULL,
	"description" text NOT NULL,
	"responsible_user_id" uuid NOT NULL,
	"due_date" date NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "household_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"household_id" uuid NOT NULL,
	"target_exit_date" date NOT NULL,
	"goal" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "household_plans_household_id_unique" UNIQUE("household_id")
);
--> statement-breakpoint
CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_username" text,
	"actor_org_id" uuid,
	"org_path" text,
	"region_code" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"ip" text,
	"user_agent" text,
	"request_id" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_events_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "sequences" (
	"name" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "system_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"actor_user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"route" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"body" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_actor_user_id_key_pk" PRIMARY KEY("actor_user_id","key")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "four_looks_assessments" ADD CONSTRAINT "four_looks_assessments_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_events" ADD CONSTRAINT "household_events_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_members" ADD CONSTRAINT "household_members_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_measures" ADD CONSTRAINT "household_measures_plan_id_household_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."household_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_plans" ADD CONSTRAINT "household_plans_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "users_org_idx" ON "users" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "users_id_bidx" ON "users" USING btree ("id_number_bidx");--> statement-breakpoint
CREATE INDEX "users_phone_bidx" ON "users" USING btree ("phone_bidx");--> statement-breakpoint
CREATE INDEX "orgs_path_prefix_idx" ON "orgs" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orgs_region_idx" ON "orgs" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orgs_parent_idx" ON "orgs" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "orgs_name_idx" ON "orgs" USING btree ("name");--> statement-breakpoint
CREATE INDEX "dibao_lines_year_idx" ON "dibao_lines" USING btree ("year");--> statement-breakpoint
CREATE INDEX "four_looks_household_idx" ON "four_looks_assessments" USING btree ("household_id","visit_date");--> statement-breakpoint
CREATE INDEX "household_events_household_idx" ON "household_events" USING btree ("household_id","at");--> statement-breakpoint
CREATE INDEX "households_org_idx" ON "households" USING btree ("org_id","updated_at");--> statement-breakpoint
CREATE INDEX "households_region_idx" ON "households" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "households_status_idx" ON "households" USING btree ("status");--> statement-breakpoint
CREATE INDEX "households_worker_name_idx" ON "households" USING btree ("worker_name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "households_initials_idx" ON "households" USING btree ("worker_initials" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "households_worker_id_bidx" ON "households" USING btree ("worker_id_bidx");--> statement-breakpoint
CREATE INDEX "households_worker_phone_bidx" ON "households" USING btree ("worker_phone_bidx");--> statement-breakpoint
CREATE INDEX "households_updated_idx" ON "households" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "households_category_idx" ON "households" USING btree ("category","level");--> statement-breakpoint
CREATE INDEX "members_household_idx" ON "household_members" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "members_id_bidx" ON "household_members" USING btree ("id_number_bidx");--> statement-breakpoint
CREATE UNIQUE INDEX "members_open_person_uq" ON "household_members" USING btree ("id_number_bidx") WHERE "household_members"."open";--> statement-breakpoint
CREATE INDEX "measures_plan_idx" ON "household_measures" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "measures_household_idx" ON "household_measures" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "measures_due_idx" ON "household_measures" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_events" USING btree ("actor_user_id");--> statement-breakpoint
CREATE INDEX "audit_org_path_idx" ON "audit_events" USING btree ("org_path" text_pattern_ops);