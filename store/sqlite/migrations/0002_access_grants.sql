-- 0002: the register of access grants (package access): «Реестр
-- пользователей ЕГИСЗ и их полномочий».
--
-- One row per grant, keyed by the ID of the request that granted it.
-- organisation (ОГРН or ОГРНИП) and snils are the lookup key of an
-- employee; revoked_by is the ID of the accepted revocation ('' while the
-- grant stands); data is the grant as JSON (access.Grant), the reference.
CREATE TABLE access_grants (
	id           TEXT NOT NULL PRIMARY KEY,
	organisation TEXT NOT NULL CHECK (organisation <> ''),
	snils        TEXT NOT NULL CHECK (length(snils) = 11),
	revoked_by   TEXT NOT NULL DEFAULT '',
	data         TEXT NOT NULL
) STRICT;

CREATE INDEX access_grants_employee ON access_grants (organisation, snils);
