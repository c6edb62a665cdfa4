/* atlas:sum */
SELECT 3;