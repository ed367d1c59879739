// Package access owns the work of a Регистратор after registration (step 3
// of the ЛК ЕГИСЗ instruction): requests to grant or revoke access to the
// subsystems (components) of ЕГИСЗ — granting an employee the «Оператор»
// power — and the register «Реестр пользователей ЕГИСЗ и их полномочий»
// they update. It is the work the МЧД power EGISZ_LK_01 «Подача заявок на
// предоставление (отзыв) доступа к подсистемам (компонентам) ЕГИСЗ»
// authorises.
//
// # Requests
//
// Build makes a draft Request from an approved registration application
// (package application: the organisation and the Регистратор — variant,
// person, СНИЛС, the МЧД number and term for a representative — come from
// it), the Employee (surname, name, patronymic, СНИЛС, e-mail, position),
// the power (PowerOperator) and subsystem codes of a Catalogue
// (DefaultCatalogue, extensible with Catalogue.With), and dates. A
// revocation names the grant it ends (Revokes: the ID of the request that
// granted it).
//
// The lifecycle is the application's (application.State): Edit, Save,
// Delete, ExportForSigning (the canonical XML, the exact bytes to sign),
// AttachSignature, Submit, then Approve, which records the request in a
// Register, or Reject. Deadline is application.ReviewDeadline (3 working
// days of the production calendar). PrintHTML renders the print form.
//
// # Format
//
// The XML is this library's own, versioned format (the cabinet's is not
// public): root AccessRequest in the namespace Namespace with version="1",
// the schema embedded (Schema), canonical bytes from Marshal. Unmarshal
// applies the same hardening as application.Unmarshal: a size cap
// (MaxXMLSize), no DOCTYPE, a depth limit, the schema, then the content
// checks. See the README section "Access requests" for an example.
//
// # Checks
//
// Verify checks a signed request as received; AttachSignature the same for
// a request held in memory. The rules (Rules) are:
//
//   - ACC-XML: the stored request is valid and canonical;
//   - ACC-EMPLOYEE-SNILS, ACC-POWER, ACC-SUBSYSTEMS: the employee's СНИЛС
//     has a valid control number; the power is «Оператор» (a Регистратор
//     never grants «Регистратор»); every subsystem is in the catalogue;
//   - ACC-REGISTRATION-APPROVED: the Регистратор's registration
//     application is the one the request names and it is approved;
//   - ACC-EMPLOYEE-ESIA: the employee's ЕСИА account is confirmed and his;
//   - ACC-REVOKE-GRANT: a revocation names a standing grant of the same
//     employee, power and subsystems; ACC-DUPLICATE-GRANT: a grant does not
//     repeat a standing one;
//   - ACC-SIGNATURE, ACC-SIGNER-REGISTRAR: the detached signature verifies
//     and one signer's СНИЛС is the Регистратор's;
//   - ACC-REGISTRAR-MCHD, ACC-REGISTRAR-MCHD-STATUS: for a representative
//     Регистратор, the МЧД grants EGISZ_LK_01 and is in force on the
//     signing date, and the ФНС registry says it is active (undecided
//     without a registry; waiver check.WaiveRegistry).
//
// A fact that is not given (the registration, the ЕСИА account, the
// register, the registry) makes its rule indeterminate, never a pass.
//
// # Register
//
// Register is the register of grants: Memory here, and
// sqlite.AccessRegister in package store/sqlite, which keeps the grants
// in the web wrapper's database file (migration 0002). Only an accepted
// request updates a register: Apply takes the Request and refuses one that
// is not approved (Request.Change, ErrNotAccepted), and re-checks the
// conflicts inside its own transaction (Change.CheckAgainst).
package access
