-- Create "nodes" table
CREATE TABLE `nodes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `value` integer NOT NULL, `node_next` integer NULL, CONSTRAINT `nodes_nodes_next` FOREIGN KEY (`node_next`) REFERENCES `nodes` (`id`) ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "nodes_node_next_key" to table: "nodes"
CREATE UNIQUE INDEX `nodes_node_next_key` ON `nodes` (`node_next`);
