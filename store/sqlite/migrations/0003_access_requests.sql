-- 0003: requests to grant or revoke access (package access) as the
-- Регистратор edits, signs and submits them: store.AccessEncoded.
--
-- registration is the ID of the Регистратор's registration application
-- (the requests are listed under it); employee and snils name the
-- employee for the list; xml, lifecycle and signature are the reference,
-- as in applications; updated is Unix nanoseconds, UTC.
CREATE TABLE access_requests (
	id           TEXT    NOT NULL PRIMARY KEY,
	owner        TEXT    NOT NULL CHECK (owner <> ''),
	registration TEXT    NOT NULL,
	action       TEXT    NOT NULL CHECK (action IN ('grant', 'revoke')),
	state        TEXT    NOT NULL,
	employee     TEXT    NOT NULL,
	snils        TEXT    NOT NULL,
	revokes      TEXT    NOT NULL DEFAULT '',
	xml          BLOB    NOT NULL,
	lifecycle    BLOB    NOT NULL,
	signature    BLOB,
	version      INTEGER NOT NULL CHECK (version >= 1),
	updated      INTEGER NOT NULL
) STRICT;

CREATE INDEX access_requests_registration ON access_requests (registration, updated);
