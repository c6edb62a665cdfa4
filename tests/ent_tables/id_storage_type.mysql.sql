-- create "licenses" table
CREATE TABLE `licenses` (`id` bigint NOT NULL AUTO_INCREMENT, `key` varchar(255) NOT NULL, PRIMARY KEY (`id`)) CHARSET utf8mb4 COLLATE utf8mb4_bin;
