CREATE TABLE "notes" ("id" bigint NOT NULL, "body" text NOT NULL, PRIMARY KEY ("id"));
