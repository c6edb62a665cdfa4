-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `user_spouse` integer NULL, CONSTRAINT `users_users_spouse` FOREIGN KEY (`user_spouse`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "users_user_spouse_key" to table: "users"
CREATE UNIQUE INDEX `users_user_spouse_key` ON `users` (`user_spouse`);
