/*
 * The C half of package xsd: a thin layer over libxml2 that runs one schema
 * compilation or one document validation per call, entirely on the calling
 * thread, and hands every diagnostic to Go through a structured error
 * callback. See xsd.c for the details and xsd.go for the Go side.
 */
#ifndef REGISTRAR_XSD_H
#define REGISTRAR_XSD_H

#include <stdint.h>
#include <libxml/xmlversion.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

/* Outcome of xsd_compile and xsd_validate. */
enum {
	XSD_OK = 0,         /* schema compiled / document valid */
	XSD_MALFORMED = 1,  /* the XML is not well-formed */
	XSD_INVALID = 2,    /* schema rejected by libxml2 / document not schema-valid */
	XSD_DOCTYPE = 3,    /* document carries a DOCTYPE: parsing stopped */
	XSD_TOO_DEEP = 4,   /* element nesting deeper than allowed: parsing stopped */
	XSD_INTERNAL = 5,   /* out of memory or libxml2 internal error */
	XSD_ENTITY_REF = 6, /* unexpanded entity reference (DOCTYPE allowed): parsing stopped */
	XSD_HUGE_TEXT = 7   /* text node over XML_MAX_TEXT_LENGTH bytes: parsing stopped */
};

/* Parser options used for every document this package parses. */
#define XSD_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* Results besides the status code. */
typedef struct {
	int line, col;   /* where parsing was stopped (XSD_DOCTYPE ... XSD_HUGE_TEXT) */
	long omitted[2]; /* diagnostics not passed to Go (syntax, validity): its list was full */
} xsd_out;

/* Once per process, before any other call: allocator, parser, entity loader. */
void xsd_init(void);

/*
 * Parses the main schema document from memory (base URL url, used to resolve
 * relative xs:include/xs:import locations) and compiles it. On XSD_OK *schema
 * and *doc are set; both must later be released with xsd_free.
 */
int xsd_compile(const char *buf, int len, const char *url, uintptr_t handle,
                xmlSchemaPtr *schema, xmlDocPtr *doc, xsd_out *out);

/* Frees what xsd_compile returned. NULL arguments are ignored. */
void xsd_free(xmlSchemaPtr schema, xmlDocPtr doc);

/*
 * Parses buf (len bytes) and validates it against schema in the same pass,
 * without building a tree. Every diagnostic goes to the Go collector
 * identified by handle: the validator's to its second list, with the
 * element concerned, all others to the first. max_depth bounds the element
 * nesting (0: only libxml2's own limit). A DOCTYPE stops parsing unless
 * allow_doctype (used by tests of the deeper defences only).
 */
int xsd_validate(xmlSchemaPtr schema, const char *buf, int len, int max_depth,
                 int allow_doctype, uintptr_t handle, xsd_out *out);

/*
 * Like xsd_validate, but parses buf into a tree first and validates the
 * tree, with every diagnostic in Go's first list: the reference the
 * streaming path is tested against.
 */
int xsd_validate_tree(xmlSchemaPtr schema, const char *buf, int len, int max_depth,
                      int allow_doctype, uintptr_t handle, xsd_out *out);

/*
 * Builds a parser input for an in-memory schema file (data is copied).
 * Called from the Go resolver while the entity loader runs.
 */
xmlParserInputPtr xsd_memory_input(xmlParserCtxtPtr ctxt, const char *url,
                                   const char *data, int len);

/* Allocation accounting for leak tests (see xsd_init). */
void xsd_count_allocations(int on);
long long xsd_live_blocks(void);

#endif
