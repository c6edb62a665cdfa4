-- Create "groups" table
CREATE TABLE `groups` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `group_info` integer NOT NULL, CONSTRAINT `groups_group_infos_info` FOREIGN KEY (`group_info`) REFERENCES `group_infos` (`id`) ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create "group_infos" table
CREATE TABLE `group_infos` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `desc` text NOT NULL);
