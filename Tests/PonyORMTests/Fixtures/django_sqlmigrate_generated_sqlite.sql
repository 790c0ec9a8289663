BEGIN;
--
-- Create model LineItem
--
CREATE TABLE "ponyormtests_lineitem" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL, "price" decimal NOT NULL, "quantity" integer NOT NULL, "note" text NULL, "total" decimal GENERATED ALWAYS AS ((CAST(("price" * "quantity") AS NUMERIC))) STORED, "lowered" varchar(100) GENERATED ALWAYS AS (LOWER("name")) STORED, "score" integer GENERATED ALWAYS AS ((("quantity" * 2) + 1)) STORED, "label" text GENERATED ALWAYS AS (COALESCE("note", 'none')) STORED, "size" varchar(10) GENERATED ALWAYS AS (CASE WHEN "quantity" > 10 THEN 'bulk' ELSE 'single' END) STORED, "digits" varchar(10) GENERATED ALWAYS AS (CAST("quantity" AS varchar(10))) STORED);
COMMIT;
BEGIN;
--
-- Add field discounted to lineitem
--
CREATE TABLE "new__ponyormtests_lineitem" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "discounted" decimal GENERATED ALWAYS AS ((CAST(("price" - 1) AS NUMERIC))) STORED, "name" varchar(100) NOT NULL, "price" decimal NOT NULL, "quantity" integer NOT NULL, "note" text NULL, "total" decimal GENERATED ALWAYS AS ((CAST(("price" * "quantity") AS NUMERIC))) STORED, "lowered" varchar(100) GENERATED ALWAYS AS (LOWER("name")) STORED, "score" integer GENERATED ALWAYS AS ((("quantity" * 2) + 1)) STORED, "label" text GENERATED ALWAYS AS (COALESCE("note", 'none')) STORED, "size" varchar(10) GENERATED ALWAYS AS (CASE WHEN "quantity" > 10 THEN 'bulk' ELSE 'single' END) STORED, "digits" varchar(10) GENERATED ALWAYS AS (CAST("quantity" AS varchar(10))) STORED);
INSERT INTO "new__ponyormtests_lineitem" ("id", "name", "price", "quantity", "note") SELECT "id", "name", "price", "quantity", "note" FROM "ponyormtests_lineitem";
DROP TABLE "ponyormtests_lineitem";
ALTER TABLE "new__ponyormtests_lineitem" RENAME TO "ponyormtests_lineitem";
COMMIT;
BEGIN;
--
-- Add field flag to lineitem
--
CREATE TABLE "new__ponyormtests_lineitem" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "flag" bool NOT NULL, "name" varchar(100) NOT NULL, "price" decimal NOT NULL, "quantity" integer NOT NULL, "note" text NULL, "total" decimal GENERATED ALWAYS AS ((CAST(("price" * "quantity") AS NUMERIC))) STORED, "lowered" varchar(100) GENERATED ALWAYS AS (LOWER("name")) STORED, "score" integer GENERATED ALWAYS AS ((("quantity" * 2) + 1)) STORED, "label" text GENERATED ALWAYS AS (COALESCE("note", 'none')) STORED, "size" varchar(10) GENERATED ALWAYS AS (CASE WHEN "quantity" > 10 THEN 'bulk' ELSE 'single' END) STORED, "digits" varchar(10) GENERATED ALWAYS AS (CAST("quantity" AS varchar(10))) STORED, "discounted" decimal GENERATED ALWAYS AS ((CAST(("price" - 1) AS NUMERIC))) STORED);
INSERT INTO "new__ponyormtests_lineitem" ("id", "name", "price", "quantity", "note", "flag") SELECT "id", "name", "price", "quantity", "note", 0 FROM "ponyormtests_lineitem";
DROP TABLE "ponyormtests_lineitem";
ALTER TABLE "new__ponyormtests_lineitem" RENAME TO "ponyormtests_lineitem";
COMMIT;
BEGIN;
--
-- Alter field name on lineitem
--
CREATE TABLE "new__ponyormtests_lineitem" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL, "price" decimal NOT NULL, "quantity" integer NOT NULL, "note" text NULL, "total" decimal GENERATED ALWAYS AS ((CAST(("price" * "quantity") AS NUMERIC))) STORED, "lowered" varchar(100) GENERATED ALWAYS AS (LOWER("name")) STORED, "score" integer GENERATED ALWAYS AS ((("quantity" * 2) + 1)) STORED, "label" text GENERATED ALWAYS AS (COALESCE("note", 'none')) STORED, "size" varchar(10) GENERATED ALWAYS AS (CASE WHEN "quantity" > 10 THEN 'bulk' ELSE 'single' END) STORED, "digits" varchar(10) GENERATED ALWAYS AS (CAST("quantity" AS varchar(10))) STORED, "discounted" decimal GENERATED ALWAYS AS ((CAST(("price" - 1) AS NUMERIC))) STORED, "flag" bool NOT NULL);
INSERT INTO "new__ponyormtests_lineitem" ("id", "price", "quantity", "note", "flag", "name") SELECT "id", "price", "quantity", "note", "flag", "name" FROM "ponyormtests_lineitem";
DROP TABLE "ponyormtests_lineitem";
ALTER TABLE "new__ponyormtests_lineitem" RENAME TO "ponyormtests_lineitem";
COMMIT;
