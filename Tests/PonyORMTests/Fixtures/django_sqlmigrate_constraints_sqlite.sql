BEGIN;
--
-- Create constraint fidelity_reading_level on model reading
--
CREATE TABLE "new__fidelity_reading" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "day" date NOT NULL, "at" time NULL, "level" smallint NOT NULL, "small" smallint unsigned NOT NULL CHECK ("small" >= 0), "count" integer unsigned NOT NULL CHECK ("count" >= 0), "big" bigint unsigned NOT NULL CHECK ("big" >= 0), "address" char(39) NULL, "span" bigint NULL, CONSTRAINT "fidelity_reading_level" CHECK (("level" >= -10 AND "level" <= ("small" + 100))));
INSERT INTO "new__fidelity_reading" ("id", "day", "at", "level", "small", "count", "big", "address", "span") SELECT "id", "day", "at", "level", "small", "count", "big", "address", "span" FROM "fidelity_reading";
DROP TABLE "fidelity_reading";
ALTER TABLE "new__fidelity_reading" RENAME TO "fidelity_reading";
--
-- Create constraint fidelity_reading_one_high_day on model reading
--
CREATE UNIQUE INDEX "fidelity_reading_one_high_day" ON "fidelity_reading" ("day") WHERE "level" > 0;
--
-- Create constraint fidelity_label_named on model label
--
CREATE TABLE "new__fidelity_label" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(30) NOT NULL UNIQUE, CONSTRAINT "fidelity_label_named" CHECK (NOT ("name" IN ('', 'none'))));
INSERT INTO "new__fidelity_label" ("id", "name") SELECT "id", "name" FROM "fidelity_label";
DROP TABLE "fidelity_label";
ALTER TABLE "new__fidelity_label" RENAME TO "fidelity_label";
CREATE UNIQUE INDEX "fidelity_label_lower_name" ON "fidelity_label" ((LOWER("name")));
COMMIT;
BEGIN;
--
-- Remove constraint fidelity_reading_level from model reading
--
CREATE TABLE "new__fidelity_reading" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "day" date NOT NULL, "at" time NULL, "level" smallint NOT NULL, "small" smallint unsigned NOT NULL CHECK ("small" >= 0), "count" integer unsigned NOT NULL CHECK ("count" >= 0), "big" bigint unsigned NOT NULL CHECK ("big" >= 0), "address" char(39) NULL, "span" bigint NULL);
INSERT INTO "new__fidelity_reading" ("id", "day", "at", "level", "small", "count", "big", "address", "span") SELECT "id", "day", "at", "level", "small", "count", "big", "address", "span" FROM "fidelity_reading";
DROP TABLE "fidelity_reading";
ALTER TABLE "new__fidelity_reading" RENAME TO "fidelity_reading";
CREATE UNIQUE INDEX "fidelity_reading_one_high_day" ON "fidelity_reading" ("day") WHERE "level" > 0;
--
-- Remove constraint fidelity_reading_one_high_day from model reading
--
DROP INDEX "fidelity_reading_one_high_day";
--
-- Remove constraint fidelity_label_named from model label
--
CREATE TABLE "new__fidelity_label" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(30) NOT NULL UNIQUE);
INSERT INTO "new__fidelity_label" ("id", "name") SELECT "id", "name" FROM "fidelity_label";
DROP TABLE "fidelity_label";
ALTER TABLE "new__fidelity_label" RENAME TO "fidelity_label";
CREATE UNIQUE INDEX "fidelity_label_lower_name" ON "fidelity_label" ((LOWER("name")));
COMMIT;
