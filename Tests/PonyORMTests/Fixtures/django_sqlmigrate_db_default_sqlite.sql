BEGIN;
--
-- Create model Chore
--
CREATE TABLE "ponyormtests_chore" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(100) NOT NULL, "status" varchar(20) DEFAULT 'open' NOT NULL, "priority" integer DEFAULT 3 NOT NULL, "opened" datetime DEFAULT (STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')) NOT NULL, "urgent" bool DEFAULT 0 NOT NULL, "ratio" real DEFAULT (PI()) NOT NULL);
COMMIT;
BEGIN;
--
-- Add field score to chore
--
CREATE TABLE "new__ponyormtests_chore" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "score" integer DEFAULT 10 NOT NULL, "title" varchar(100) NOT NULL, "status" varchar(20) DEFAULT 'open' NOT NULL, "priority" integer DEFAULT 3 NOT NULL, "opened" datetime DEFAULT (STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')) NOT NULL, "urgent" bool DEFAULT 0 NOT NULL, "ratio" real DEFAULT (PI()) NOT NULL);
INSERT INTO "new__ponyormtests_chore" ("id", "title", "status", "priority", "opened", "urgent", "ratio") SELECT "id", "title", "status", "priority", "opened", "urgent", "ratio" FROM "ponyormtests_chore";
DROP TABLE "ponyormtests_chore";
ALTER TABLE "new__ponyormtests_chore" RENAME TO "ponyormtests_chore";
COMMIT;
BEGIN;
--
-- Alter field score on chore
--
CREATE TABLE "new__ponyormtests_chore" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "score" integer DEFAULT 20 NOT NULL, "title" varchar(100) NOT NULL, "status" varchar(20) DEFAULT 'open' NOT NULL, "priority" integer DEFAULT 3 NOT NULL, "opened" datetime DEFAULT (STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')) NOT NULL, "urgent" bool DEFAULT 0 NOT NULL, "ratio" real DEFAULT (PI()) NOT NULL);
INSERT INTO "new__ponyormtests_chore" ("id", "title", "status", "priority", "opened", "urgent", "ratio", "score") SELECT "id", "title", "status", "priority", "opened", "urgent", "ratio", "score" FROM "ponyormtests_chore";
DROP TABLE "ponyormtests_chore";
ALTER TABLE "new__ponyormtests_chore" RENAME TO "ponyormtests_chore";
COMMIT;
BEGIN;
--
-- Alter field score on chore
--
CREATE TABLE "new__ponyormtests_chore" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "score" integer NOT NULL, "title" varchar(100) NOT NULL, "status" varchar(20) DEFAULT 'open' NOT NULL, "priority" integer DEFAULT 3 NOT NULL, "opened" datetime DEFAULT (STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')) NOT NULL, "urgent" bool DEFAULT 0 NOT NULL, "ratio" real DEFAULT (PI()) NOT NULL);
INSERT INTO "new__ponyormtests_chore" ("id", "title", "status", "priority", "opened", "urgent", "ratio", "score") SELECT "id", "title", "status", "priority", "opened", "urgent", "ratio", "score" FROM "ponyormtests_chore";
DROP TABLE "ponyormtests_chore";
ALTER TABLE "new__ponyormtests_chore" RENAME TO "ponyormtests_chore";
COMMIT;
