-- A visit's signature is kept as signed: no update, no delete.
CREATE OR REPLACE FUNCTION verification_signatures_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'verification signatures are immutable' USING ERRCODE = '55000';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER verification_signatures_no_change BEFORE UPDATE OR DELETE ON "verification_signatures"
  FOR EACH ROW EXECUTE FUNCTION verification_signatures_immutable();
--> statement-breakpoint
-- A spot-check outcome is signed and final: once recorded it is never changed, and the sampled file is never removed.
CREATE OR REPLACE FUNCTION spot_check_items_outcome_final() RETURNS trigger AS $$
BEGIN
  IF OLD.outcome IS NOT NULL THEN
    RAISE EXCEPTION 'a recorded spot-check outcome is final' USING ERRCODE = '55000';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER spot_check_items_outcome_final BEFORE UPDATE OR DELETE ON "spot_check_items"
  FOR EACH ROW EXECUTE FUNCTION spot_check_items_outcome_final();
