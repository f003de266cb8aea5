CREATE TABLE "ledger_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text NOT NULL,
	"org_id" uuid NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"balance_fen" bigint DEFAULT 0 NOT NULL,
	"floor_fen" bigint,
	"line_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_accounts_code_unique" UNIQUE("code"),
	CONSTRAINT "ledger_accounts_kind_ck" CHECK ("ledger_accounts"."kind" in ('asset', 'liability', 'equity', 'income', 'expense')),
	CONSTRAINT "ledger_accounts_currency_ck" CHECK ("ledger_accounts"."currency" = 'CNY')
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entry_no" text NOT NULL,
	"business_date" date NOT NULL,
	"memo" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text,
	"posted_by" uuid NOT NULL,
	"posted_by_name" text NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	"reversal_of" uuid,
	CONSTRAINT "ledger_entries_entry_no_unique" UNIQUE("entry_no"),
	CONSTRAINT "ledger_entries_reversal_of_uq" UNIQUE("reversal_of")
);
--> statement-breakpoint
CREATE TABLE "ledger_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"entry_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"account_id" uuid NOT NULL,
	"side" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"business_date" date NOT NULL,
	"account_seq" integer NOT NULL,
	CONSTRAINT "ledger_lines_entry_line_uq" UNIQUE("entry_id","line_no"),
	CONSTRAINT "ledger_lines_account_seq_uq" UNIQUE("account_id","account_seq"),
	CONSTRAINT "ledger_lines_side_ck" CHECK ("ledger_lines"."side" in ('debit', 'credit')),
	CONSTRAINT "ledger_lines_amount_ck" CHECK ("ledger_lines"."amount_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_lines" ADD CONSTRAINT "ledger_lines_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_lines" ADD CONSTRAINT "ledger_lines_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_accounts_org_idx" ON "ledger_accounts" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_source_idx" ON "ledger_entries" USING btree ("source_type","source_id");--> statement-breakpoint
CREATE INDEX "ledger_lines_account_date_idx" ON "ledger_lines" USING btree ("account_id","business_date","account_seq");