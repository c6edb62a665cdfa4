-- create "licenses" table
CREATE TABLE `licenses` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL);
