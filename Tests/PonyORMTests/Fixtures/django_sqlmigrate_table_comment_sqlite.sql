BEGIN;
--
-- Create model Shelf
--
CREATE TABLE "ponyormtests_shelf" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "label" varchar(40) NOT NULL);
COMMIT;
BEGIN;
--
-- Alter shelf table comment
--
-- (no-op)
COMMIT;
BEGIN;
--
-- Alter shelf table comment
--
-- (no-op)
COMMIT;
