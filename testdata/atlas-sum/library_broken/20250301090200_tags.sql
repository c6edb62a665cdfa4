-- Tags, pasted from another database's dump.
CREATE TABLE "tags" ("id" bigint NOT NULL, PRIMARY KEY ("id"));

ALTER TABLE "tags" ADD COLUMN "colour" colour_t NOT NULL;
