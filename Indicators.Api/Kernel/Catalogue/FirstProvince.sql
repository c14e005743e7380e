-- Parameters: none
-- The first province by code: the identity seeds are written with (TQ in the shipped seeds).
SELECT code FROM org_units WHERE kind = 'province' ORDER BY code;
