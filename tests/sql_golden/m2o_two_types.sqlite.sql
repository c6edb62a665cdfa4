-- Create "pets" table
CREATE TABLE `pets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `pet_owner` integer NULL, CONSTRAINT `pets_users_owner` FOREIGN KEY (`pet_owner`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT);
