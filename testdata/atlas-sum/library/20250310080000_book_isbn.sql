-- Modify "books" table
ALTER TABLE "books" ADD COLUMN "isbn" character varying NULL;
-- Create index "book_isbn" to table: "books"
CREATE UNIQUE INDEX "book_isbn" ON "books" ("isbn");
