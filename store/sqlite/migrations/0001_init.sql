-- 0001: applications and the files they were built from.
--
-- updated is Unix nanoseconds, UTC (the store's clock); xml, lifecycle and
-- signature are the columns of store.Encoded. A record's files are rows of
-- files, removed with it by the foreign key.
CREATE TABLE applications (
	id           TEXT    NOT NULL PRIMARY KEY,
	owner        TEXT    NOT NULL CHECK (owner <> ''),
	variant      TEXT    NOT NULL,
	state        TEXT    NOT NULL,
	organisation TEXT    NOT NULL,
	xml          BLOB    NOT NULL,
	lifecycle    BLOB    NOT NULL,
	signature    BLOB,
	version      INTEGER NOT NULL CHECK (version >= 1),
	updated      INTEGER NOT NULL
) STRICT;

CREATE INDEX applications_owner_updated ON applications (owner, updated);

CREATE TABLE files (
	application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	kind           TEXT NOT NULL CHECK (kind IN ('certificate', 'mchd', 'mchd_signature')),
	bytes          BLOB NOT NULL,
	PRIMARY KEY (application_id, kind)
) STRICT, WITHOUT ROWID;
