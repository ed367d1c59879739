/*
 * The C half of package xsd. Rules kept throughout:
 *
 *  - every libxml2 object is created and freed inside one call of
 *    xsd_compile / xsd_validate (the compiled schema and its document
 *    excepted: they live until xsd_free);
 *  - diagnostics travel through per-context structured error handlers and
 *    are copied by Go, so no message is ever formatted into a fixed-size
 *    buffer here; the thread's global structured handler is borrowed only
 *    for the duration of a call, for errors raised without a context (see
 *    enter), and restored before returning;
 *  - the per-call state sits on this thread's stack and is reachable from
 *    callbacks through the parser context's _private field and, for the
 *    process-wide entity loader, through a thread-local pointer.
 */
#include <stdlib.h>
#include <string.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlmemory.h>
#include "xsd.h"
#include "_cgo_export.h"

/* libxml2 2.12 made the error passed to structured handlers const. */
#if LIBXML_VERSION >= 21200
#define XSD_CONST_ERROR const xmlError
#else
#define XSD_CONST_ERROR xmlError
#endif

/* What enter() replaces and leave() restores on this thread. */
typedef struct {
	void *current;
	xmlStructuredErrorFunc serror;
	void *serror_ctx;
} xsd_call_saved;

/* State of one compile or validate call; lives on the calling C stack. */
typedef struct {
	uintptr_t handle; /* cgo.Handle of the Go collector */
	int max_depth;    /* element nesting limit; 0: none */
	int depth;        /* current element nesting */
	int stop;         /* XSD_DOCTYPE or XSD_TOO_DEEP once parsing was stopped */
	int full;         /* Go's list of diagnostics is full */
	xsd_out *out;
	xsd_call_saved saved;
} xsd_call;

/* The call running on this thread, for the entity loader. */
static __thread xsd_call *xsd_current;

/* ---- allocation accounting ------------------------------------------- */

/*
 * libxml2 allocates through function pointers set by xmlMemSetup. These
 * wrappers forward to the C library (so memory obtained before they were
 * installed, or by other users of libxml2 in the process, is still freed
 * correctly) and, while counting is switched on, keep the number of live
 * blocks. Counting is off by default and costs one relaxed load per call.
 */
static int xsd_counting;
static long long xsd_blocks;

static inline int counting(void) {
	return __atomic_load_n(&xsd_counting, __ATOMIC_RELAXED);
}

static void *xsd_malloc(size_t n) {
	void *p = malloc(n);
	if (p != NULL && counting())
		__atomic_add_fetch(&xsd_blocks, 1, __ATOMIC_RELAXED);
	return p;
}

static void *xsd_realloc(void *p, size_t n) {
	void *q = realloc(p, n);
	if (p == NULL && q != NULL && counting())
		__atomic_add_fetch(&xsd_blocks, 1, __ATOMIC_RELAXED);
	return q;
}

static void xsd_free_block(void *p) {
	if (p == NULL)
		return;
	if (counting())
		__atomic_sub_fetch(&xsd_blocks, 1, __ATOMIC_RELAXED);
	free(p);
}

static char *xsd_strdup(const char *s) {
	char *r = strdup(s);
	if (r != NULL && counting())
		__atomic_add_fetch(&xsd_blocks, 1, __ATOMIC_RELAXED);
	return r;
}

void xsd_count_allocations(int on) {
	if (on)
		__atomic_store_n(&xsd_blocks, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&xsd_counting, on, __ATOMIC_RELAXED);
}

long long xsd_live_blocks(void) {
	return __atomic_load_n(&xsd_blocks, __ATOMIC_RELAXED);
}

/* ---- callbacks --------------------------------------------------------- */

/* Passes a diagnostic to Go until Go's list is full, then only counts. */
static void forward(xsd_call *call, XSD_CONST_ERROR *err) {
	if (call == NULL || err == NULL)
		return;
	if (call->full || !xsdGoError(call->handle, (xmlError *)err)) {
		call->full = 1;
		call->out->omitted++;
	}
}

/* Structured errors of a parser context: userData is the context itself. */
static void xsd_parser_error(void *user, XSD_CONST_ERROR *err) {
	xmlParserCtxtPtr ctxt = user;
	xsd_call *call = ctxt != NULL ? ctxt->_private : NULL;
	forward(call != NULL ? call : xsd_current, err);
}

/* Structured errors of schema parser and validation contexts. */
static void xsd_schema_error(void *user, XSD_CONST_ERROR *err) {
	forward(user, err);
}

static void xsd_stop(xmlParserCtxtPtr ctxt, xsd_call *call, int why) {
	call->stop = why;
	if (ctxt->input != NULL) {
		call->out->line = ctxt->input->line;
		call->out->col = ctxt->input->col;
	}
	xmlStopParser(ctxt);
}

/*
 * SAX internalSubset: called as soon as <!DOCTYPE name ...> has been read,
 * before its internal subset or any external subset is looked at. Documents
 * never need one, so parsing stops here: no entity is ever declared.
 */
static void xsd_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
                        const xmlChar *system_id) {
	xmlParserCtxtPtr ctxt = ctx;
	xsd_call *call = ctxt->_private;
	(void)name;
	(void)public_id;
	(void)system_id;
	if (call != NULL)
		xsd_stop(ctxt, call, XSD_DOCTYPE);
	else
		xmlStopParser(ctxt);
}

/* SAX element start/end: count the nesting, then let SAX2 build the tree. */
static void xsd_start_element(void *ctx, const xmlChar *localname,
                              const xmlChar *prefix, const xmlChar *uri,
                              int nb_namespaces, const xmlChar **namespaces,
                              int nb_attributes, int nb_defaulted,
                              const xmlChar **attributes) {
	xmlParserCtxtPtr ctxt = ctx;
	xsd_call *call = ctxt->_private;
	if (call != NULL && call->max_depth > 0 && ++call->depth > call->max_depth) {
		xsd_stop(ctxt, call, XSD_TOO_DEEP);
		return;
	}
	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
	                      namespaces, nb_attributes, nb_defaulted, attributes);
}

static void xsd_end_element(void *ctx, const xmlChar *localname,
                            const xmlChar *prefix, const xmlChar *uri) {
	xmlParserCtxtPtr ctxt = ctx;
	xsd_call *call = ctxt->_private;
	if (call != NULL && call->depth > 0)
		call->depth--;
	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

/*
 * The process-wide external entity loader. libxml2 calls it for every
 * external resource: DTDs, external entities, schema includes and imports.
 * Outside a call of this package it refuses everything; inside one it asks
 * Go, which serves in-memory schema files during compilation and refuses
 * (and records) everything else.
 */
static xmlParserInputPtr xsd_entity_loader(const char *url, const char *id,
                                           xmlParserCtxtPtr ctxt) {
	xsd_call *call = xsd_current;
	(void)id;
	if (call == NULL)
		return NULL;
	return xsdGoLoad(call->handle, (char *)url, ctxt);
}

xmlParserInputPtr xsd_memory_input(xmlParserCtxtPtr ctxt, const char *url,
                                   const char *data, int len) {
	xmlParserInputBufferPtr buf;
	xmlParserInputPtr in;

	if (ctxt == NULL || data == NULL || len < 0)
		return NULL;
	/* Schema files are parsed by libxml2's own context: route its
	 * diagnostics to the collector as well, never to stderr. */
	if (ctxt->sax != NULL) {
		ctxt->sax->serror = xsd_parser_error;
		ctxt->_private = xsd_current;
	}
	buf = xmlParserInputBufferCreateMem(data, len, XML_CHAR_ENCODING_NONE);
	if (buf == NULL)
		return NULL;
	in = xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE);
	if (in == NULL) {
		xmlFreeParserInputBuffer(buf);
		return NULL;
	}
	/* The file name becomes the document URL: the base for nested includes. */
	in->filename = (char *)xmlStrdup((const xmlChar *)url);
	return in;
}

/* ---- entry points ------------------------------------------------------ */

/*
 * Makes call the current call of this thread. Diagnostics raised without
 * any context (libxml2's regular-expression compiler, some I/O and memory
 * errors) would otherwise go to the thread's generic handler, i.e. stderr:
 * for the duration of the call they are routed to call as well. Both are
 * restored by leave() before the call returns to Go, so no goroutine ever
 * sees another's handler.
 */
static void enter(xsd_call *call, uintptr_t handle, xsd_out *out) {
	memset(out, 0, sizeof *out);
	call->handle = handle;
	call->out = out;
	call->saved.current = xsd_current;
	call->saved.serror = xmlStructuredError;
	call->saved.serror_ctx = xmlStructuredErrorContext;
	xsd_current = call;
	xmlSetStructuredErrorFunc(call, xsd_schema_error);
}

static void leave(xsd_call *call) {
	/* libxml2 keeps a copy of the last error per thread: drop it, so that
	 * no document content outlives the call (and the leak count is exact). */
	xmlResetLastError();
	xmlSetStructuredErrorFunc(call->saved.serror_ctx, call->saved.serror);
	xsd_current = call->saved.current;
}

void xsd_init(void) {
	xmlMemSetup(xsd_free_block, xsd_malloc, xsd_realloc, xsd_strdup);
	xmlInitParser();
	xmlSetExternalEntityLoader(xsd_entity_loader);
}

static xmlParserCtxtPtr new_parser(xsd_call *call) {
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		return NULL;
	ctxt->_private = call;
	ctxt->sax->serror = xsd_parser_error;
	return ctxt;
}

int xsd_compile(const char *buf, int len, const char *url, uintptr_t handle,
                xmlSchemaPtr *schema_out, xmlDocPtr *doc_out, xsd_out *out) {
	xsd_call call = {0};
	xmlParserCtxtPtr ctxt;
	xmlSchemaParserCtxtPtr sctxt;
	xmlDocPtr doc;
	xmlSchemaPtr schema = NULL;
	int rc = XSD_INTERNAL;

	*schema_out = NULL;
	*doc_out = NULL;
	enter(&call, handle, out);

	ctxt = new_parser(&call);
	if (ctxt == NULL)
		goto out;
	doc = xmlCtxtReadMemory(ctxt, buf, len, url, NULL, XSD_PARSE_OPTIONS);
	if (doc != NULL && !ctxt->nsWellFormed) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	if (doc == NULL) {
		rc = XSD_MALFORMED;
		goto out;
	}

	/* The document is handed over, not copied: libxml2 does not free it
	 * (it may keep pointers into it), so it is kept until xsd_free. */
	sctxt = xmlSchemaNewDocParserCtxt(doc);
	if (sctxt == NULL) {
		xmlFreeDoc(doc);
		goto out;
	}
	xmlSchemaSetParserStructuredErrors(sctxt, xsd_schema_error, &call);
	schema = xmlSchemaParse(sctxt);
	xmlSchemaFreeParserCtxt(sctxt);
	if (schema == NULL) {
		xmlFreeDoc(doc);
		rc = XSD_INVALID;
		goto out;
	}
	*schema_out = schema;
	*doc_out = doc;
	rc = XSD_OK;
out:
	leave(&call);
	return rc;
}

void xsd_free(xmlSchemaPtr schema, xmlDocPtr doc) {
	if (schema != NULL)
		xmlSchemaFree(schema);
	if (doc != NULL)
		xmlFreeDoc(doc);
}

int xsd_validate(xmlSchemaPtr schema, const char *buf, int len, int max_depth,
                 int allow_doctype, uintptr_t handle, xsd_out *out) {
	xsd_call call = {0};
	xmlParserCtxtPtr ctxt;
	xmlSchemaValidCtxtPtr vctxt;
	xmlDocPtr doc;
	int rc = XSD_INTERNAL, ret;

	enter(&call, handle, out);
	call.max_depth = max_depth;

	ctxt = new_parser(&call);
	if (ctxt == NULL)
		goto out;
	if (!allow_doctype)
		ctxt->sax->internalSubset = xsd_doctype;
	ctxt->sax->startElementNs = xsd_start_element;
	ctxt->sax->endElementNs = xsd_end_element;
	/* No URL: then libxml2 takes error lines from the offending node. */
	doc = xmlCtxtReadMemory(ctxt, buf, len, NULL, NULL, XSD_PARSE_OPTIONS);
	if (call.stop != 0) {
		/* Stopped on purpose: whatever was built is discarded. */
		if (doc != NULL)
			xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		rc = call.stop;
		goto out;
	}
	/* Namespace errors (an undeclared prefix, ...) make libxml2 clear
	 * nsWellFormed only; a schema needs namespace-well-formed input. */
	if (doc == NULL || !ctxt->wellFormed || !ctxt->nsWellFormed) {
		if (doc != NULL)
			xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		rc = XSD_MALFORMED;
		goto out;
	}
	xmlFreeParserCtxt(ctxt);

	vctxt = xmlSchemaNewValidCtxt(schema);
	if (vctxt == NULL) {
		xmlFreeDoc(doc);
		goto out;
	}
	xmlSchemaSetValidStructuredErrors(vctxt, xsd_schema_error, &call);
	ret = xmlSchemaValidateDoc(vctxt, doc);
	xmlSchemaFreeValidCtxt(vctxt);
	xmlFreeDoc(doc);
	if (ret == 0)
		rc = XSD_OK;
	else if (ret > 0)
		rc = XSD_INVALID;
out:
	leave(&call);
	return rc;
}
