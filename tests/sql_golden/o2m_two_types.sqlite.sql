-- Create "pets" table
CREATE TABLE `pets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `user_pets` integer NULL, CONSTRAINT `pets_users_pets` FOREIGN KEY (`user_pets`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT);
