/*
 * The C half of package xsd. Rules kept throughout:
 *
 *  - every libxml2 object is created and freed inside one call of
 *    xsd_compile / xsd_validate / xsd_validate_tree (the compiled schema
 *    and its document excepted: they live until xsd_free);
 *  - xsd_validate validates a document while it is parsed: the schema
 *    validator is plugged into the parser's SAX2 event stream
 *    (xmlSchemaSAXPlug) behind this file's own handlers, and no tree is
 *    built; xsd_validate_tree, the reference it is tested against, builds
 *    the tree and validates it;
 *  - diagnostics travel through per-context structured error handlers and
 *    are copied by Go, so no message is ever formatted into a fixed-size
 *    buffer here; the thread's global structured handler is borrowed only
 *    for the duration of a call, for errors raised without a context (see
 *    enter), and restored before returning;
 *  - the per-call state sits on this thread's stack and is reachable from
 *    callbacks through the parser context's _private field and, for the
 *    process-wide entity loader, through a thread-local pointer.
 */
#include <stddef.h>
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

/*
 * Elements whose names and lines are kept for diagnostics: libxml2 itself
 * refuses nesting deeper than 257 levels without XML_PARSE_HUGE.
 */
#define XSD_STACK 260

/* State of one compile or validate call; lives on the calling C stack. */
typedef struct {
	uintptr_t handle; /* cgo.Handle of the Go collector */
	int max_depth;    /* element nesting limit; 0: none */
	int depth;        /* current element nesting */
	int stop;         /* XSD_DOCTYPE, XSD_TOO_DEEP or XSD_ENTITY_REF once parsing was stopped */
	int split;        /* validation: schema-validity diagnostics go to their own list */
	int full[2];      /* Go's list of diagnostics (syntax, validity) is full */
	int internal;     /* the validator failed (out of memory, internal error) */
	int elements;     /* start tags seen */
	xmlParserCtxtPtr parser; /* the document's parser (validation) */
	/*
	 * The text node being read: characters() chunks (a character
	 * reference is one) are joined here and handed to the validator as
	 * one piece when any other event ends the text node, as the tree
	 * builder joined them into one node. The validator joins its pieces
	 * by xmlStrncat, in time quadratic in their number.
	 */
	xmlChar *text;
	int text_len, text_cap;
	void (*validator_text)(void *, const xmlChar *, int);
	void *plug_data;
	/*
	 * The open elements, root first, for the diagnostics of the validator,
	 * which has no tree nodes to point at: their local names (strings of
	 * the parser's dictionary, valid until the parser context is freed)
	 * and the lines their start tags ended on (what a tree node records).
	 * After an end tag the closed element stays current (closed = 1) until
	 * the next event, because the validator handles the end tag, and
	 * reports on the element, after this file's handler has run.
	 */
	int closed;
	int started;      /* the validator is handling the last start tag */
	const xmlChar *names[XSD_STACK];
	int lines[XSD_STACK];
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

/*
 * Passes a diagnostic to Go until Go's list is full, then only counts.
 * During validation the validator's diagnostics go to a list of their own,
 * with the element they concern (the validator streams, so libxml2 gives no
 * node): a document found not well-formed, or stopped, later reports the
 * parser's diagnostics only, as if it had never been validated.
 */
static void forward(xsd_call *call, XSD_CONST_ERROR *err) {
	int k, n;
	if (call == NULL || err == NULL)
		return;
	k = call->split && err->domain == XML_FROM_SCHEMASV;
	if (k && (err->code == XML_SCHEMAV_INTERNAL || err->code == XML_ERR_NO_MEMORY)) {
		/* The validator would stop its own parser, which it does not
		 * know when plugged in. */
		call->internal = 1;
		if (call->parser != NULL)
			xmlStopParser(call->parser);
	}
	n = 0;
	if (k) {
		n = call->depth + call->closed;
		/* Handling a start tag, the validator reports these on the
		 * parent element (xmlSchemaValidateChildElem): the new child
		 * is not allowed in it. */
		if (call->started && n > 1 &&
		    (err->code == XML_SCHEMAV_CVC_ELT_3_2_1 ||
		     err->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1 ||
		     err->code == XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2 ||
		     err->code == XML_SCHEMAV_CVC_TYPE_3_1_2))
			n--;
		if (n > XSD_STACK)
			n = XSD_STACK;
	}
	if (call->full[k] ||
	    !xsdGoError(call->handle, (xmlError *)err, k, (xmlChar **)call->names,
	                n, n > 0 ? call->lines[n - 1] : 0)) {
		call->full[k] = 1;
		call->out->omitted[k]++;
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

/*
 * Structured errors of the parser while the validator is plugged in: libxml2
 * then passes the plug's data, not the parser context, so the call is found
 * through this thread's current call.
 */
static void xsd_stream_error(void *user, XSD_CONST_ERROR *err) {
	(void)user;
	forward(xsd_current, err);
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

/*
 * Ends the text node being read: the validator gets it now, with the
 * element that contains it current for its diagnostics.
 */
static void flush_text(xsd_call *call) {
	int n = call->text_len;
	call->closed = 0;
	call->started = 0;
	if (n > 0) {
		call->text_len = 0;
		call->validator_text(call->plug_data, call->text, n);
	}
}

/* SAX characters and ignorableWhitespace (in place of the plug's). */
static void xsd_text(void *ctx, const xmlChar *ch, int len) {
	xsd_call *call = xsd_current; /* ctx is the plug's data */
	int cap;
	xmlChar *p;
	(void)ctx;
	if (call == NULL || call->parser == NULL || len <= 0)
		return;
	/* The tree builder's limit (xmlSAX2Characters: "huge text node"). */
	if ((size_t)call->text_len + (size_t)len > XML_MAX_TEXT_LENGTH) {
		xsd_stop(call->parser, call, XSD_HUGE_TEXT);
		return;
	}
	if (call->text_len + len > call->text_cap) {
		cap = call->text_cap < 256 ? 256 : call->text_cap;
		while (cap < call->text_len + len)
			cap = cap > XML_MAX_TEXT_LENGTH / 2 ? XML_MAX_TEXT_LENGTH : 2 * cap;
		p = xmlRealloc(call->text, cap);
		if (p == NULL) {
			xsd_stop(call->parser, call, XSD_INTERNAL);
			return;
		}
		call->text = p;
		call->text_cap = cap;
	}
	memcpy(call->text + call->text_len, ch, len);
	call->text_len += len;
}

/*
 * SAX element start: end the text before it, count the nesting and
 * remember the element for diagnostics; the validator's handler runs next.
 * No tree is built.
 */
static void xsd_start_element(void *ctx, const xmlChar *localname,
                              const xmlChar *prefix, const xmlChar *uri,
                              int nb_namespaces, const xmlChar **namespaces,
                              int nb_attributes, int nb_defaulted,
                              const xmlChar **attributes) {
	xmlParserCtxtPtr ctxt = ctx;
	xsd_call *call = ctxt->_private;
	(void)prefix;
	(void)uri;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_attributes;
	(void)nb_defaulted;
	(void)attributes;
	if (call == NULL)
		return;
	flush_text(call);
	call->elements++;
	if (call->max_depth > 0 && call->depth >= call->max_depth) {
		xsd_stop(ctxt, call, XSD_TOO_DEEP);
		return;
	}
	if (call->depth < XSD_STACK) {
		call->names[call->depth] = localname;
		call->lines[call->depth] = ctxt->input != NULL ? ctxt->input->line : 0;
	}
	call->depth++;
	call->started = 1;
}

static void xsd_end_element(void *ctx, const xmlChar *localname,
                            const xmlChar *prefix, const xmlChar *uri) {
	xmlParserCtxtPtr ctxt = ctx;
	xsd_call *call = ctxt->_private;
	(void)localname;
	(void)prefix;
	(void)uri;
	if (call == NULL)
		return;
	flush_text(call);
	if (call->depth > 0) {
		call->depth--;
		call->closed = 1;
	}
}

/* CDATA sections, comments and processing instructions end a text node. */
static void xsd_cdata(void *ctx, const xmlChar *value, int len) {
	xmlParserCtxtPtr ctxt = ctx;
	(void)value;
	(void)len;
	if (ctxt->_private != NULL)
		flush_text(ctxt->_private);
}

static void xsd_comment(void *ctx, const xmlChar *value) {
	xmlParserCtxtPtr ctxt = ctx;
	(void)value;
	if (ctxt->_private != NULL)
		flush_text(ctxt->_private);
}

static void xsd_pi(void *ctx, const xmlChar *target, const xmlChar *data) {
	xmlParserCtxtPtr ctxt = ctx;
	(void)target;
	(void)data;
	if (ctxt->_private != NULL)
		flush_text(ctxt->_private);
}

/*
 * SAX element start/end of the tree path (xsd_validate_tree): count the
 * nesting, then let SAX2 build the tree.
 */
static void xsd_tree_start_element(void *ctx, const xmlChar *localname,
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

static void xsd_tree_end_element(void *ctx, const xmlChar *localname,
                                 const xmlChar *prefix, const xmlChar *uri) {
	xmlParserCtxtPtr ctxt = ctx;
	xsd_call *call = ctxt->_private;
	if (call != NULL && call->depth > 0)
		call->depth--;
	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

/*
 * SAX reference: an entity reference left unexpanded, which needs a declared
 * entity, i.e. a DOCTYPE (let through by tests only). The validator has no
 * handler for them (libxml2 2.9's prints "Unimplemented block"), and they
 * cannot be validated: parsing stops.
 */
static void xsd_reference(void *ctx, const xmlChar *name) {
	xsd_call *call = xsd_current; /* ctx is the plug's data */
	(void)ctx;
	(void)name;
	if (call != NULL && call->parser != NULL)
		xsd_stop(call->parser, call, XSD_ENTITY_REF);
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
	xsd_call call;
	xmlParserCtxtPtr ctxt = NULL;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	xmlSchemaSAXPlugPtr plug = NULL;
	xmlSAXHandlerPtr sax;
	int rc = XSD_INTERNAL, valid, well_formed;

	/* names[] and lines[] are written before they are read. */
	memset(&call, 0, offsetof(xsd_call, names));
	memset(&call.out, 0, sizeof call - offsetof(xsd_call, out));
	enter(&call, handle, out);
	call.max_depth = max_depth;
	call.split = 1;

	vctxt = xmlSchemaNewValidCtxt(schema);
	if (vctxt == NULL)
		goto out;
	xmlSchemaSetValidStructuredErrors(vctxt, xsd_schema_error, &call);

	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		goto out;
	ctxt->_private = &call;
	call.parser = ctxt;
	/* This file's handlers only: no tree, no entity or DTD declarations
	 * kept (nothing to expand), no external subset, no resolver. The
	 * generic warning/error handlers stay NULL: libxml2 2.9's plug would
	 * route them to unimplemented stubs. */
	sax = ctxt->sax;
	memset(sax, 0, sizeof *sax);
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = xsd_start_element;
	sax->endElementNs = xsd_end_element;
	sax->cdataBlock = xsd_cdata;
	sax->comment = xsd_comment;
	sax->processingInstruction = xsd_pi;
	if (!allow_doctype)
		sax->internalSubset = xsd_doctype;

	/* The validator goes behind: ctxt->sax and ctxt->userData now belong
	 * to the plug, which calls the handlers above first, then its own. */
	plug = xmlSchemaSAXPlug(vctxt, &ctxt->sax, &ctxt->userData);
	if (plug == NULL) {
		ctxt->sax = sax;
		goto out;
	}
	ctxt->sax->serror = xsd_stream_error;
	ctxt->sax->reference = xsd_reference;
	/* Text is joined into text nodes first (see xsd_call.text). */
	call.validator_text = ctxt->sax->characters;
	call.plug_data = ctxt->userData;
	ctxt->sax->characters = xsd_text;
	ctxt->sax->ignorableWhitespace = xsd_text;

	/* No URL: nothing to resolve against. The document is parsed from a
	 * copy (libxml2 2.9's static memory buffers mishandle some input). */
	xmlCtxtReadMemory(ctxt, buf, len, NULL, NULL, XSD_PARSE_OPTIONS);
	well_formed = ctxt->wellFormed && ctxt->nsWellFormed;
	valid = xmlSchemaIsValid(vctxt);

	if (call.stop != 0)
		rc = call.stop;
	/* Namespace errors (an undeclared prefix, ...) make libxml2 clear
	 * nsWellFormed only; a schema needs namespace-well-formed input. */
	else if (!well_formed)
		rc = XSD_MALFORMED;
	/* A well-formed document has a root element: without one, the parser
	 * failed before parsing (out of memory). */
	else if (call.elements == 0 || call.internal)
		rc = XSD_INTERNAL;
	else if (valid == 1)
		rc = XSD_OK;
	else if (valid == 0)
		rc = XSD_INVALID;
out:
	if (plug != NULL)
		xmlSchemaSAXUnplug(plug); /* restores ctxt->sax and ctxt->userData */
	if (ctxt != NULL)
		xmlFreeParserCtxt(ctxt);
	if (vctxt != NULL)
		xmlSchemaFreeValidCtxt(vctxt);
	if (call.text != NULL)
		xmlFree(call.text);
	leave(&call);
	return rc;
}

/*
 * The tree path: parse the whole document into a libxml2 tree, then validate
 * the tree. Not used by Validate; kept as the reference that the streaming
 * path is tested against (same verdicts, same diagnostics). All diagnostics
 * go to Go's first list; the validator's carry their tree node.
 */
int xsd_validate_tree(xmlSchemaPtr schema, const char *buf, int len, int max_depth,
                      int allow_doctype, uintptr_t handle, xsd_out *out) {
	xsd_call c = {0}, *call = &c;
	xmlParserCtxtPtr ctxt;
	xmlSchemaValidCtxtPtr vctxt;
	xmlDocPtr doc;
	int rc = XSD_INTERNAL, ret;

	enter(call, handle, out);
	call->max_depth = max_depth;

	ctxt = new_parser(call);
	if (ctxt == NULL)
		goto out;
	if (!allow_doctype)
		ctxt->sax->internalSubset = xsd_doctype;
	ctxt->sax->startElementNs = xsd_tree_start_element;
	ctxt->sax->endElementNs = xsd_tree_end_element;
	/* No URL: then libxml2 takes error lines from the offending node. */
	doc = xmlCtxtReadMemory(ctxt, buf, len, NULL, NULL, XSD_PARSE_OPTIONS);
	if (call->stop != 0) {
		/* Stopped on purpose: whatever was built is discarded. */
		if (doc != NULL)
			xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		rc = call->stop;
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
	xmlSchemaSetValidStructuredErrors(vctxt, xsd_schema_error, call);
	ret = xmlSchemaValidateDoc(vctxt, doc);
	xmlSchemaFreeValidCtxt(vctxt);
	xmlFreeDoc(doc);
	if (ret == 0)
		rc = XSD_OK;
	else if (ret > 0)
		rc = XSD_INVALID;
out:
	leave(call);
	return rc;
}
