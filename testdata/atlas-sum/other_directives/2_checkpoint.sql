-- atlas:checkpoint

CREATE TABLE a (id int);
