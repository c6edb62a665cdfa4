INSERT INTO t VALUES ('déjà vu');
