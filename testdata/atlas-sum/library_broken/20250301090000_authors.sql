CREATE TABLE "authors" ("id" bigint NOT NULL, PRIMARY KEY ("id"));
