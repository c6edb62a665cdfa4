-- create "alphas" table
CREATE TABLE `alphas` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `alpha_gamma` integer NULL, `zed_alphas` integer NULL, CONSTRAINT `alphas_gammas_gamma` FOREIGN KEY (`alpha_gamma`) REFERENCES `gammas` (`id`) ON DELETE SET NULL, CONSTRAINT `alphas_zeds_alphas` FOREIGN KEY (`zed_alphas`) REFERENCES `zeds` (`id`) ON DELETE SET NULL);
-- create "gammas" table
CREATE TABLE `gammas` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT);
-- create "zeds" table
CREATE TABLE `zeds` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT);
