-- Parameters: @Version bigint, @Kind varchar(16)
-- A change that names no figure key: the catalogue ('catalogue': every view is recomputed) or a write no view shows
-- ('other', a lock). One row, so that the version is in the log (a missing version makes a replica reset).
INSERT INTO change_log (version, kind, indicator, org_unit, year) VALUES (@Version, @Kind, '', '', 0);
