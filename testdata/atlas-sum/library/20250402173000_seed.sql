-- Seed the shelves every branch starts with.
INSERT INTO "shelves" ("label") VALUES ('new arrivals'), ('returns');
UPDATE "books" SET "pages" = 1 WHERE "pages" = 0;
