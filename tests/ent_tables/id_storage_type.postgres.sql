-- create "licenses" table
CREATE TABLE "licenses" ("id" bigserial NOT NULL, "key" character varying NOT NULL, PRIMARY KEY ("id"));
