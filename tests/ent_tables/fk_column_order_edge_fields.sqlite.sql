-- create "alphas" table
CREATE TABLE `alphas` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `gamma_id` integer NULL, `zed_id` integer NULL, CONSTRAINT `alphas_gammas_gamma` FOREIGN KEY (`gamma_id`) REFERENCES `gammas` (`id`) ON DELETE SET NULL, CONSTRAINT `alphas_zeds_alphas` FOREIGN KEY (`zed_id`) REFERENCES `zeds` (`id`) ON DELETE SET NULL);
-- create "gammas" table
CREATE TABLE `gammas` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT);
-- create "zeds" table
CREATE TABLE `zeds` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT);
