-- Create "likes" table
CREATE TABLE `likes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `liked_at` datetime NOT NULL, `user_id` integer NOT NULL, `tweet_id` integer NOT NULL, CONSTRAINT `likes_users_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT `likes_tweets_tweet` FOREIGN KEY (`tweet_id`) REFERENCES `tweets` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "like_user_id_tweet_id" to table: "likes"
CREATE UNIQUE INDEX `like_user_id_tweet_id` ON `likes` (`user_id`, `tweet_id`);
-- Create "tweets" table
CREATE TABLE `tweets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `text` text NOT NULL);
-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT);
