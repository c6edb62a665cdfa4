-- create "infos" table
CREATE TABLE `infos` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `content` text NULL, CONSTRAINT `infos_users_info` FOREIGN KEY (`id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL);
