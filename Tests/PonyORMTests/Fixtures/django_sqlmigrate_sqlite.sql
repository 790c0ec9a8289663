BEGIN;
--
-- Create model Author
--
CREATE TABLE "fidelity_author" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL, "email" varchar(254) NOT NULL UNIQUE, "bio" text NULL, "rating" real NOT NULL, "active" bool NOT NULL, "joined" datetime NOT NULL);
--
-- Create model Book
--
CREATE TABLE "fidelity_book" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "pages" integer NOT NULL, "price" decimal NOT NULL, "uid" char(32) NOT NULL, "genre" varchar(10) NOT NULL, "tags" text NOT NULL CHECK ((JSON_VALID("tags") OR "tags" IS NULL)), "published" datetime NULL, "cover" BLOB NULL, "slug" varchar(50) NOT NULL, "sold" bigint NOT NULL, "site" varchar(200) NOT NULL, "author_id" bigint NOT NULL REFERENCES "fidelity_author" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "fidelity_unique_title_per_author" UNIQUE ("author_id", "title"));
CREATE INDEX "fidelity_book_title_1140d885" ON "fidelity_book" ("title");
CREATE INDEX "fidelity_book_slug_9af144e4" ON "fidelity_book" ("slug");
CREATE INDEX "fidelity_book_author_id_9128ce42" ON "fidelity_book" ("author_id");
CREATE INDEX "fidelity_bo_genre_121958_idx" ON "fidelity_book" ("genre", "pages" DESC);
COMMIT;
