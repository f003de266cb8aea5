-- A published mutual-aid scheme version is final: no update, no delete; the next version starts as a new draft.
-- A draft may be edited, published (the update that moves it from draft to published) or removed.
CREATE OR REPLACE FUNCTION mutual_aid_scheme_published_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'mutual-aid scheme versions are never truncated: published versions are immutable' USING ERRCODE = '55000';
  END IF;
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'mutual-aid scheme % version % is published and immutable: make a new draft from it', OLD.code, OLD.version USING ERRCODE = '55000';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER mutual_aid_scheme_versions_published_immutable BEFORE UPDATE OR DELETE ON "mutual_aid_scheme_versions"
  FOR EACH ROW EXECUTE FUNCTION mutual_aid_scheme_published_immutable();
--> statement-breakpoint
CREATE TRIGGER mutual_aid_scheme_versions_no_truncate BEFORE TRUNCATE ON "mutual_aid_scheme_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION mutual_aid_scheme_published_immutable();
