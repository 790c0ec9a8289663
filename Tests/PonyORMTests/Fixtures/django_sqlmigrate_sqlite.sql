BEGIN;
--
-- Create model Reading
--
CREATE TABLE "fidelity_reading" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "day" date NOT NULL, "at" time NULL, "level" smallint NOT NULL, "small" smallint unsigned NOT NULL CHECK ("small" >= 0), "count" integer unsigned NOT NULL CHECK ("count" >= 0), "big" bigint unsigned NOT NULL CHECK ("big" >= 0), "address" char(39) NULL, "span" bigint NULL);
--
-- Create model Author
--
CREATE TABLE "fidelity_author" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL, "email" varchar(254) NOT NULL UNIQUE, "bio" text NULL, "rating" real NOT NULL, "active" bool NOT NULL, "joined" datetime NOT NULL, "extra" text NULL CHECK ((JSON_VALID("extra") OR "extra" IS NULL)), CONSTRAINT "fidelity_inactive_rated_low" CHECK (("active" OR "rating" <= 3.0)));
--
-- Create model Label
--
CREATE TABLE "fidelity_label" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(30) NOT NULL UNIQUE);
--
-- Create model Book
--
CREATE TABLE "fidelity_book" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "pages" integer NOT NULL, "price" decimal NOT NULL, "uid" char(32) NOT NULL, "genre" varchar(10) NOT NULL, "tags" text NOT NULL CHECK ((JSON_VALID("tags") OR "tags" IS NULL)), "published" datetime NULL, "cover" BLOB NULL, "slug" varchar(50) NOT NULL, "sold" bigint NOT NULL, "site" varchar(200) NOT NULL, "author_id" bigint NOT NULL REFERENCES "fidelity_author" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "fidelity_unique_title_per_author" UNIQUE ("author_id", "title"), CONSTRAINT "fidelity_book_pages" CHECK ("pages" >= 1), CONSTRAINT "fidelity_book_title" CHECK ((NOT ("title" = '') AND NOT ("slug" LIKE 'x''%' ESCAPE '\'))), CONSTRAINT "fidelity_book_price" CHECK ((("price" <= ("pages" * 10) OR "published" IS NULL) AND "price" >= '0.01')), CONSTRAINT "fidelity_book_published" CHECK (("published" >= '2000-01-01 00:00:00' OR "published" IS NULL)));
CREATE TABLE "fidelity_book_labels" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "book_id" bigint NOT NULL REFERENCES "fidelity_book" ("id") DEFERRABLE INITIALLY DEFERRED, "label_id" bigint NOT NULL REFERENCES "fidelity_label" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE UNIQUE INDEX "fidelity_label_lower_name" ON "fidelity_label" ((LOWER("name")));
CREATE UNIQUE INDEX "fidelity_book_live_slug" ON "fidelity_book" ("slug") WHERE "published" IS NOT NULL;
CREATE INDEX "fidelity_book_title_1140d885" ON "fidelity_book" ("title");
CREATE INDEX "fidelity_book_slug_9af144e4" ON "fidelity_book" ("slug");
CREATE INDEX "fidelity_book_author_id_9128ce42" ON "fidelity_book" ("author_id");
CREATE INDEX "fidelity_bo_genre_121958_idx" ON "fidelity_book" ("genre", "pages" DESC);
CREATE UNIQUE INDEX "fidelity_book_labels_book_id_label_id_a44f4123_uniq" ON "fidelity_book_labels" ("book_id", "label_id");
CREATE INDEX "fidelity_book_labels_book_id_f510541e" ON "fidelity_book_labels" ("book_id");
CREATE INDEX "fidelity_book_labels_label_id_7c612c85" ON "fidelity_book_labels" ("label_id");
COMMIT;
