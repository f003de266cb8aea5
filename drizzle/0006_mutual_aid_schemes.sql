CREATE TABLE "mutual_aid_scheme_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"region_code" text NOT NULL,
	"org_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"status" text NOT NULL,
	"scheme" jsonb NOT NULL,
	"based_on_version" integer,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"published_by" uuid,
	"published_by_name" text,
	"published_at" timestamp with time zone,
	CONSTRAINT "mutual_aid_scheme_versions_uq" UNIQUE("code","version"),
	CONSTRAINT "mutual_aid_scheme_versions_status_ck" CHECK ("mutual_aid_scheme_versions"."status" in ('draft', 'published')),
	CONSTRAINT "mutual_aid_scheme_versions_period_ck" CHECK ("mutual_aid_scheme_versions"."valid_from" <= "mutual_aid_scheme_versions"."valid_to"),
	CONSTRAINT "mutual_aid_scheme_versions_published_ck" CHECK ("mutual_aid_scheme_versions"."status" = 'draft' or ("mutual_aid_scheme_versions"."published_at" is not null and "mutual_aid_scheme_versions"."published_by" is not null)),
	CONSTRAINT "mutual_aid_scheme_versions_version_ck" CHECK ("mutual_aid_scheme_versions"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "mutual_aid_scheme_versions" ADD CONSTRAINT "mutual_aid_scheme_versions_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mutual_aid_scheme_versions_in_force_idx" ON "mutual_aid_scheme_versions" USING btree ("code","valid_from");--> statement-breakpoint
CREATE INDEX "mutual_aid_scheme_versions_org_path_idx" ON "mutual_aid_scheme_versions" USING btree ("org_path" text_pattern_ops);