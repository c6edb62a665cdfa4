-- Create "pets" table
CREATE TABLE `pets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `owner_id` integer NOT NULL, CONSTRAINT `pets_users_owner` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL);
-- Create index "users_name_key" to table: "users"
CREATE UNIQUE INDEX `users_name_key` ON `users` (`name`);
