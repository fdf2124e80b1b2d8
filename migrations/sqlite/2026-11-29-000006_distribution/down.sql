DROP TABLE list_memberships;
DROP TABLE distribution_row_items;
DROP TABLE distribution_rows;
DROP TABLE distribution_lists;
