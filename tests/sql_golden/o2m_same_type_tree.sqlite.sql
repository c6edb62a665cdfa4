-- Create "docs" table
CREATE TABLE `docs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `doc_children` integer NULL, CONSTRAINT `docs_docs_children` FOREIGN KEY (`doc_children`) REFERENCES `docs` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL);
