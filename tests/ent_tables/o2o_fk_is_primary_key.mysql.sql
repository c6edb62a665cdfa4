-- create "users" table
CREATE TABLE `users` (`id` bigint NOT NULL AUTO_INCREMENT, `name` varchar(255) NOT NULL, PRIMARY KEY (`id`)) CHARSET utf8mb4 COLLATE utf8mb4_bin;
-- create "infos" table
CREATE TABLE `infos` (`id` bigint NOT NULL AUTO_INCREMENT, `content` varchar(255) NULL, PRIMARY KEY (`id`), CONSTRAINT `infos_users_info` FOREIGN KEY (`id`) REFERENCES `users` (`id`) ON DELETE NO ACTION) CHARSET utf8mb4 COLLATE utf8mb4_bin;
