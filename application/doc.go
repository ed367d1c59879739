// Package application owns the registration of an organisation's
// «Регистратор» in the personal cabinet of ЕГИСЗ (ЛК ЕГИСЗ): the three upload
// variants (head, representative, managing organisation), the applicant's ЕСИА
// account, the cross-document checks that yield one verdict with a full
// explanation, the application XML (built, validated, parsed back), its
// lifecycle from draft to decision, the signing flows, the printable form and
// the review deadline in working days.
package application
