-- create "users" table
CREATE TABLE `users` (`id` bigint NOT NULL AUTO_INCREMENT, `email` varchar(255) NOT NULL, `name` varchar(255) NOT NULL, `nick` varchar(255) NOT NULL, PRIMARY KEY (`id`), UNIQUE INDEX `email` (`email`), UNIQUE INDEX `nick` (`nick`), INDEX `user_name` (`name`)) CHARSET utf8mb4 COLLATE utf8mb4_bin;
-- create "cards" table
CREATE TABLE `cards` (`id` bigint NOT NULL AUTO_INCREMENT, `number` varchar(255) NOT NULL, `user_card` bigint NULL, PRIMARY KEY (`id`), UNIQUE INDEX `user_card` (`user_card`), INDEX `card_number` (`number`), CONSTRAINT `cards_users_card` FOREIGN KEY (`user_card`) REFERENCES `users` (`id`) ON DELETE SET NULL) CHARSET utf8mb4 COLLATE utf8mb4_bin;
