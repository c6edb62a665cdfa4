SELECT 42;
-- atlas:sum ignore
