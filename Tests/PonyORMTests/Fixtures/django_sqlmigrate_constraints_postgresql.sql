BEGIN;
--
-- Create constraint fidelity_reading_level on model reading
--
ALTER TABLE "fidelity_reading" ADD CONSTRAINT "fidelity_reading_level" CHECK (("level" >=  -10 AND "level" <= ("small" + 100)));
--
-- Create constraint fidelity_reading_one_high_day on model reading
--
CREATE UNIQUE INDEX "fidelity_reading_one_high_day" ON "fidelity_reading" ("day") WHERE "level" > 0;
--
-- Create constraint fidelity_label_named on model label
--
ALTER TABLE "fidelity_label" ADD CONSTRAINT "fidelity_label_named" CHECK (NOT ("name" IN ('', 'none')));
COMMIT;
BEGIN;
--
-- Remove constraint fidelity_reading_level from model reading
--
ALTER TABLE "fidelity_reading" DROP CONSTRAINT "fidelity_reading_level";
--
-- Remove constraint fidelity_reading_one_high_day from model reading
--
DROP INDEX IF EXISTS "fidelity_reading_one_high_day";
--
-- Remove constraint fidelity_label_named from model label
--
ALTER TABLE "fidelity_label" DROP CONSTRAINT "fidelity_label_named";
COMMIT;
