// Package armor is the one transport decoder of the module: it turns a file
// as people upload it (a certificate, a CMS signature, a CRL, a private key)
// into the binary ASN.1 objects inside it. It does one job and is strict about
// it; it never looks inside the ASN.1, which is the caller's business.
//
// Decode recognises, in this order:
//
//   - binary: the input starts with 0x30 (an ASN.1 SEQUENCE). The whole input
//     is one block, format "DER" (DER or BER: it is not checked here).
//   - text, after removing a byte-order mark: a UTF-8 BOM (EF BB BF), or
//     UTF-16LE / UTF-16BE with a BOM (FF FE / FE FF), or UTF-16 without a BOM
//     when the input has an even length and every character is a non-NUL
//     ASCII character (every second byte 0x00: "M\x00I\x00..." is UTF-16LE,
//     "\x00M\x00I..." is UTF-16BE). UTF-16 text is converted to ASCII; a
//     non-ASCII character in it (or an odd number of bytes after a UTF-16
//     BOM) is ErrUnrecognized. Text of any encoding must not contain a NUL
//     character: that is ErrUnrecognized too (binary data that is not DER).
//   - PEM: the text contains "-----BEGIN". Any number of blocks, in order;
//     text before, between and after the blocks is ignored (it may hold any
//     bytes but NUL; in UTF-16 text, like everything else, only ASCII). Each block is read line by line, more strictly than
//     encoding/pem: a BEGIN line must be "-----BEGIN LABEL-----" with an RFC
//     7468 label of at most 64 characters, its END line must repeat the label,
//     a block without END, a block with headers ("Proc-Type:" …, i.e.
//     encrypted or annotated PEM), an empty block, a body that is not strict
//     padded base64, or a block that does not decode to an ASN.1 SEQUENCE is
//     ErrPEM; so is "-----BEGIN" or "-----END" anywhere else in the text.
//     Nothing is skipped silently: every BEGIN line either yields a block or
//     an error. A label not in Options.Labels is ErrLabel.
//   - bare base64: anything else. Whitespace (space, tab, CR, LF; lines of
//     any width with LF, CRLF or CR ends) is ignored anywhere; padding is
//     optional, but if present it must be correct, and the trailing bits must
//     be zero (encoding/base64 Strict). A byte outside the base64 alphabet is
//     ErrUnrecognized naming the byte and its offset; alphabet text that does
//     not decode is ErrBase64; decoded bytes that do not start with 0x30 are
//     ErrUnrecognized.
//
// Lines of PEM and base64 text may carry leading and trailing spaces and
// tabs; inside a PEM body or a base64 text, spaces and tabs are ignored
// everywhere. Input that is empty, or whitespace only (space, tab, CR, LF,
// possibly after a BOM), is ErrEmpty.
//
// Decoded.Format names the transport: "DER", "PEM" or "base64", followed,
// for text that is not plain ASCII/UTF-8, by the text encoding in
// parentheses: "PEM (UTF-8 BOM)", "base64 (UTF-16LE)", "PEM (UTF-16BE)",
// "base64 (UTF-16LE, no BOM)".
//
// Every error is an *Error whose Class is one of the Err* sentinels (use
// errors.Is), with the byte offset of the problem in the input as given
// (BOM and UTF-16 included), an English Error and a Russian MessageRU for the
// end user.
//
// Decode allocates memory proportional to the size of the input only (at
// most a few times the input), runs in linear time, and never keeps a
// reference to the input: every Block.Bytes is its own copy.
package armor
