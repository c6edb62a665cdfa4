-- create "gammas" table
CREATE TABLE `gammas` (`id` bigint NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) CHARSET utf8mb4 COLLATE utf8mb4_bin;
-- create "zeds" table
CREATE TABLE `zeds` (`id` bigint NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) CHARSET utf8mb4 COLLATE utf8mb4_bin;
-- create "alphas" table
CREATE TABLE `alphas` (`id` bigint NOT NULL AUTO_INCREMENT, `name` varchar(255) NOT NULL, `alpha_gamma` bigint NULL, `zed_alphas` bigint NULL, PRIMARY KEY (`id`), CONSTRAINT `alphas_gammas_gamma` FOREIGN KEY (`alpha_gamma`) REFERENCES `gammas` (`id`) ON DELETE SET NULL, CONSTRAINT `alphas_zeds_alphas` FOREIGN KEY (`zed_alphas`) REFERENCES `zeds` (`id`) ON DELETE SET NULL) CHARSET utf8mb4 COLLATE utf8mb4_bin;
