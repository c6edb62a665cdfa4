-- create "articles" table
CREATE TABLE `articles` (`id` bigint NOT NULL AUTO_INCREMENT, `title` varchar(255) NOT NULL, PRIMARY KEY (`id`)) CHARSET utf8mb4 COLLATE utf8mb4_bin;
-- create "teams" table
CREATE TABLE `teams` (`id` bigint NOT NULL AUTO_INCREMENT, `name` varchar(255) NOT NULL, PRIMARY KEY (`id`)) CHARSET utf8mb4 COLLATE utf8mb4_bin;
-- modify "users" table
ALTER TABLE `users` ADD COLUMN `age` bigint NULL, ADD COLUMN `user_team` bigint NULL, ADD CONSTRAINT `users_teams_team` FOREIGN KEY (`user_team`) REFERENCES `teams` (`id`) ON DELETE SET NULL;
