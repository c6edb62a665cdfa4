-- add column "age" to table: "users"
ALTER TABLE `users` ADD COLUMN `age` integer NULL;
-- create "articles" table
CREATE TABLE `articles` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `title` text NOT NULL);
