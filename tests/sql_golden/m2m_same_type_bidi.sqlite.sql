-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT);
-- Create "user_friends" table
CREATE TABLE `user_friends` (`user_id` integer NOT NULL, `friend_id` integer NOT NULL, PRIMARY KEY (`user_id`, `friend_id`), CONSTRAINT `user_friends_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT `user_friends_friend_id` FOREIGN KEY (`friend_id`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE);
