BEGIN;
--
-- Create model IndexedPost
--
CREATE TABLE "ponyormtests_indexedpost" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(100) NOT NULL, "body" text NULL);
CREATE INDEX "post_search" ON "ponyormtests_indexedpost" ((to_tsvector('english'::regconfig, COALESCE("title", '') || ' ' || COALESCE("body", ''))));
CREATE INDEX "post_lower_title" ON "ponyormtests_indexedpost" ((LOWER("title")));
CREATE INDEX "post_title_vec" ON "ponyormtests_indexedpost" ((to_tsvector(COALESCE("title", ''))));
CREATE INDEX "post_title_brin" ON "ponyormtests_indexedpost" ("title");
CREATE INDEX "post_title_like" ON "ponyormtests_indexedpost" ("title", "body" DESC);
COMMIT;
