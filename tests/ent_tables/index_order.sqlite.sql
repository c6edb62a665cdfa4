-- create "cards" table
CREATE TABLE `cards` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `number` text NOT NULL, `user_card` integer NULL, CONSTRAINT `cards_users_card` FOREIGN KEY (`user_card`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- create index "cards_user_card_key" to table: "cards"
CREATE UNIQUE INDEX `cards_user_card_key` ON `cards` (`user_card`);
-- create index "card_number" to table: "cards"
CREATE INDEX `card_number` ON `cards` (`number`);
-- create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `email` text NOT NULL, `name` text NOT NULL, `nick` text NOT NULL);
-- create index "users_email_key" to table: "users"
CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);
-- create index "users_nick_key" to table: "users"
CREATE UNIQUE INDEX `users_nick_key` ON `users` (`nick`);
-- create index "user_name" to table: "users"
CREATE INDEX `user_name` ON `users` (`name`);
