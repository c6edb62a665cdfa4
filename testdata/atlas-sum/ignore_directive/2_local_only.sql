-- atlas:sum ignore
INSERT INTO t VALUES (1);
