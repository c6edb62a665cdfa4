-- create "gadgets" table
CREATE TABLE `gadgets` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `active` bool NOT NULL DEFAULT true, `tiny` integer NOT NULL, `utiny` integer NOT NULL, `small` integer NOT NULL, `medium` integer NOT NULL, `big` integer NOT NULL DEFAULT 7, `ubig` integer NOT NULL, `ratio` real NOT NULL, `score` real NOT NULL DEFAULT 1.5, `title` text NOT NULL DEFAULT 'it''s', `label` text NOT NULL, `body` text NULL, `kind` text NOT NULL DEFAULT 'a', `data` blob NULL, `seen_at` datetime NOT NULL, `token` uuid NOT NULL, `attrs` json NULL, `price` numeric NOT NULL);
-- create index "gadgets_label_key" to table: "gadgets"
CREATE UNIQUE INDEX `gadgets_label_key` ON `gadgets` (`label`);
-- create index "gadget_kind_title" to table: "gadgets"
CREATE INDEX `gadget_kind_title` ON `gadgets` (`kind`, `title`);
