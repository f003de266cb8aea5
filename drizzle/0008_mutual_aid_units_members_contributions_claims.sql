CREATE TABLE "mutual_aid_claim_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"claim_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"mime" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_claims" (
	"id" uuid PRIMARY KEY NOT NULL,
	"claim_no" text NOT NULL,
	"scheme_code" text NOT NULL,
	"plan_code" text NOT NULL,
	"member_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"event_date" date NOT NULL,
	"hospital" text,
	"admission_date" date,
	"discharge_date" date,
	"hospital_days" integer,
	"diagnosis" text,
	"diagnosis_icd10" text,
	"total_cost_fen" bigint,
	"insurance_paid_fen" bigint,
	"bill_number" text,
	"bill_key" text,
	"status" text NOT NULL,
	"member_status" text,
	"scheme_version_id" uuid,
	"scheme_version" integer,
	"engine_payout_fen" bigint,
	"reason" text,
	"final_burden_fen" bigint,
	"trace" jsonb,
	"adjudicated_at" timestamp with time zone,
	"acc_period" integer,
	"acc_base_fen" bigint DEFAULT 0 NOT NULL,
	"acc_counted_fen" bigint DEFAULT 0 NOT NULL,
	"acc_paid_days" integer DEFAULT 0 NOT NULL,
	"acc_claims" integer DEFAULT 0 NOT NULL,
	"acc_diagnosis_code" text,
	"payout_fen" bigint,
	"override_reason" text,
	"reviewed_by" uuid,
	"reviewed_by_name" text,
	"reviewed_at" timestamp with time zone,
	"reject_reason" text,
	"approve_entry_id" uuid,
	"payment_entry_id" uuid,
	"paid_by" uuid,
	"paid_at" timestamp with time zone,
	"reversed_by" uuid,
	"reversed_at" timestamp with time zone,
	"reversal_reason" text,
	"reversal_entry_id" uuid,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mutual_aid_claims_claim_no_unique" UNIQUE("claim_no"),
	CONSTRAINT "mutual_aid_claims_status_ck" CHECK ("mutual_aid_claims"."status" in ('received', 'adjudicated', 'approved', 'paid', 'rejected', 'reversed')),
	CONSTRAINT "mutual_aid_claims_amounts_ck" CHECK (coalesce("mutual_aid_claims"."total_cost_fen", 0) >= 0 and coalesce("mutual_aid_claims"."insurance_paid_fen", 0) >= 0 and coalesce("mutual_aid_claims"."payout_fen", 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_bills" (
	"id" uuid PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	"scheme_code" text NOT NULL,
	"scheme_version" integer NOT NULL,
	"period" integer NOT NULL,
	"org_path" text NOT NULL,
	"lines" jsonb NOT NULL,
	"by_payer" jsonb NOT NULL,
	"total_fen" bigint NOT NULL,
	"paid_fen" bigint NOT NULL,
	"member_count" integer NOT NULL,
	"enrolment_count" integer NOT NULL,
	"status" text NOT NULL,
	"issued_by" uuid NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mutual_aid_bills_unit_period_uq" UNIQUE("unit_id","period"),
	CONSTRAINT "mutual_aid_bills_status_ck" CHECK ("mutual_aid_bills"."status" in ('open', 'paid')),
	CONSTRAINT "mutual_aid_bills_amounts_ck" CHECK ("mutual_aid_bills"."total_fen" >= 0 and "mutual_aid_bills"."paid_fen" >= 0 and "mutual_aid_bills"."paid_fen" <= "mutual_aid_bills"."total_fen")
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_contribution_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"bill_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"scheme_code" text NOT NULL,
	"period" integer NOT NULL,
	"org_path" text NOT NULL,
	"payer" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text NOT NULL,
	"ledger_entry_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mutual_aid_contribution_payments_amount_ck" CHECK ("mutual_aid_contribution_payments"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_enrolments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"member_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"scheme_code" text NOT NULL,
	"plan_code" text NOT NULL,
	"period" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"status" text NOT NULL,
	"paid_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mutual_aid_enrolments_status_ck" CHECK ("mutual_aid_enrolments"."status" in ('active', 'cancelled')),
	CONSTRAINT "mutual_aid_enrolments_period_ck" CHECK ("mutual_aid_enrolments"."valid_from" <= "mutual_aid_enrolments"."valid_to")
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_members" (
	"id" uuid PRIMARY KEY NOT NULL,
	"scheme_code" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"name" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_bidx" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"phone_enc" text,
	"phone_bidx" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mutual_aid_members_person_uq" UNIQUE("scheme_code","id_number_bidx")
);
--> statement-breakpoint
CREATE TABLE "mutual_aid_units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"scheme_code" text NOT NULL,
	"name" text NOT NULL,
	"credit_code" text,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"status" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mutual_aid_units_name_uq" UNIQUE("scheme_code","name"),
	CONSTRAINT "mutual_aid_units_status_ck" CHECK ("mutual_aid_units"."status" in ('active', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "mutual_aid_claim_documents" ADD CONSTRAINT "mutual_aid_claim_documents_claim_id_mutual_aid_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."mutual_aid_claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_claims" ADD CONSTRAINT "mutual_aid_claims_member_id_mutual_aid_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."mutual_aid_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_claims" ADD CONSTRAINT "mutual_aid_claims_unit_id_mutual_aid_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."mutual_aid_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_bills" ADD CONSTRAINT "mutual_aid_bills_unit_id_mutual_aid_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."mutual_aid_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_contribution_payments" ADD CONSTRAINT "mutual_aid_contribution_payments_bill_id_mutual_aid_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."mutual_aid_bills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_contribution_payments" ADD CONSTRAINT "mutual_aid_contribution_payments_unit_id_mutual_aid_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."mutual_aid_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_enrolments" ADD CONSTRAINT "mutual_aid_enrolments_member_id_mutual_aid_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."mutual_aid_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_enrolments" ADD CONSTRAINT "mutual_aid_enrolments_unit_id_mutual_aid_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."mutual_aid_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_members" ADD CONSTRAINT "mutual_aid_members_unit_id_mutual_aid_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."mutual_aid_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutual_aid_units" ADD CONSTRAINT "mutual_aid_units_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mutual_aid_claim_documents_claim_idx" ON "mutual_aid_claim_documents" USING btree ("claim_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mutual_aid_claims_bill_uq" ON "mutual_aid_claims" USING btree ("bill_key") WHERE "mutual_aid_claims"."bill_key" is not null and "mutual_aid_claims"."status" not in ('rejected', 'reversed');--> statement-breakpoint
CREATE INDEX "mutual_aid_claims_member_idx" ON "mutual_aid_claims" USING btree ("member_id","plan_code","event_date");--> statement-breakpoint
CREATE INDEX "mutual_aid_claims_status_idx" ON "mutual_aid_claims" USING btree ("status");--> statement-breakpoint
CREATE INDEX "mutual_aid_claims_org_path_idx" ON "mutual_aid_claims" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "mutual_aid_bills_org_path_idx" ON "mutual_aid_bills" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "mutual_aid_contribution_payments_bill_idx" ON "mutual_aid_contribution_payments" USING btree ("bill_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mutual_aid_enrolments_once_uq" ON "mutual_aid_enrolments" USING btree ("member_id","plan_code","period") WHERE "mutual_aid_enrolments"."status" = 'active';--> statement-breakpoint
CREATE INDEX "mutual_aid_enrolments_unit_period_idx" ON "mutual_aid_enrolments" USING btree ("unit_id","period");--> statement-breakpoint
CREATE INDEX "mutual_aid_enrolments_member_idx" ON "mutual_aid_enrolments" USING btree ("member_id","plan_code");--> statement-breakpoint
CREATE INDEX "mutual_aid_members_unit_idx" ON "mutual_aid_members" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "mutual_aid_members_id_bidx" ON "mutual_aid_members" USING btree ("id_number_bidx");--> statement-breakpoint
CREATE INDEX "mutual_aid_members_org_path_idx" ON "mutual_aid_members" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "mutual_aid_units_org_path_idx" ON "mutual_aid_units" USING btree ("org_path" text_pattern_ops);