-- create "buildings" table
CREATE TABLE `buildings` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `organization_headquarters_building_with_a_rather_long_name` integer NULL, CONSTRAINT `buildings_organizations_headqua_9e166f6aa159422a266b4b7b8e084d64` FOREIGN KEY (`organization_headquarters_building_with_a_rather_long_name`) REFERENCES `organizations` (`id`) ON DELETE SET NULL);
-- create index "buildings_organization_headquarters_building_with_a_rather_long_name_key" to table: "buildings"
CREATE UNIQUE INDEX `buildings_organization_headquarters_building_with_a_rather_long_name_key` ON `buildings` (`organization_headquarters_building_with_a_rather_long_name`);
-- create "organizations" table
CREATE TABLE `organizations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `primary_contact_email_address_for_billing_notices` text NOT NULL, `code` text NOT NULL);
-- create index "organizations_primary_contact_email_address_for_billing_notices_key" to table: "organizations"
CREATE UNIQUE INDEX `organizations_primary_contact_email_address_for_billing_notices_key` ON `organizations` (`primary_contact_email_address_for_billing_notices`);
-- create index "organizations_code_key" to table: "organizations"
CREATE UNIQUE INDEX `organizations_code_key` ON `organizations` (`code`);
-- create index "organization_code_primary_conta_cae74845f290895dcdb3fe955246058b" to table: "organizations"
CREATE INDEX `organization_code_primary_conta_cae74845f290895dcdb3fe955246058b` ON `organizations` (`code`, `primary_contact_email_address_for_billing_notices`);
