-- atlas:sum ignore 
SELECT 42;
