-- modify "users" table
ALTER TABLE `users` ADD COLUMN `age` bigint NULL;
-- create "articles" table
CREATE TABLE `articles` (`id` bigint NOT NULL AUTO_INCREMENT, `title` varchar(255) NOT NULL, PRIMARY KEY (`id`)) CHARSET utf8mb4 COLLATE utf8mb4_bin;
