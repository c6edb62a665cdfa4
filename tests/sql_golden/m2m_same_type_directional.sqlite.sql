-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT);
-- Create "user_following" table
CREATE TABLE `user_following` (`user_id` integer NOT NULL, `follower_id` integer NOT NULL, PRIMARY KEY (`user_id`, `follower_id`), CONSTRAINT `user_following_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT `user_following_follower_id` FOREIGN KEY (`follower_id`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE CASCADE);
