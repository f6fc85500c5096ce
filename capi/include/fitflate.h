/*
 * fitflate.h — C API of fitflate: capped DEFLATE / zlib / gzip frames, the most whole records
 * under a hard byte cap.
 *
 * Hand-kept; capi/tests/header.rs checks every #define and prototype here against
 * capi/src/lib.rs. Link with -lfitflate_c (static: add -lpthread -ldl -lm).
 *
 * Usage:
 *
 *     int err;
 *     fitflate_frame *f = fitflate_frame_new(65536, FITFLATE_FORMAT_GZIP, FITFLATE_LEVEL_DEFAULT,
 *                                            (const uint8_t *)"\n", 1, &err);
 *     if (!f) { fprintf(stderr, "%s\n", fitflate_last_error()); ... }
 *     uint8_t *buf = malloc(65536);                  // a buffer of `cap` bytes always suffices
 *     for each record:
 *         int r = fitflate_frame_push(f, rec, rec_len);
 *         if (r == FITFLATE_FULL) {                  // not taken: ship this frame, then retry
 *             size_t n;
 *             fitflate_frame_finish_into(f, buf, 65536, &n);  // f is now empty, same settings
 *             ship(buf, n);
 *             r = fitflate_frame_push(f, rec, rec_len);
 *         }
 *         if (r == FITFLATE_TOO_LARGE) ...           // no frame of this cap can hold it
 *         else if (r < 0) ...                        // error: fitflate_last_error()
 *     if (fitflate_frame_records(f) > 0) { finish and ship the last frame }
 *     fitflate_frame_free(f);
 *
 * Contract of every function:
 *  - No panic crosses into C. An internal error returns FITFLATE_ERR_INTERNAL (or NULL / 0) and
 *    poisons the handle: every later call on it except fitflate_frame_reset and
 *    fitflate_frame_free returns FITFLATE_ERR_POISONED until it is reset.
 *  - A NULL pointer where one is required is FITFLATE_ERR_NULL_POINTER; a NULL data pointer with
 *    length 0 is an empty buffer (but a NULL dictionary is none, a non-NULL one of length 0 an
 *    empty dictionary). A length over PTRDIFF_MAX is FITFLATE_ERR_BAD_LENGTH.
 *  - A failing call (and a push answering FITFLATE_TOO_LARGE) leaves a message for
 *    fitflate_last_error(), per thread.
 *  - A handle may move between threads but must not be used by two threads at once.
 */
#ifndef FITFLATE_H
#define FITFLATE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FITFLATE_VERSION "0.1.0"

/* Container formats. */
#define FITFLATE_FORMAT_RAW 0    /* raw DEFLATE (RFC 1951) */
#define FITFLATE_FORMAT_ZLIB 1   /* zlib (RFC 1950) */
#define FITFLATE_FORMAT_GZIP 2   /* gzip (RFC 1952) */
#define FITFLATE_FORMAT_LEGACY 3 /* a gzip member followed by its 4-byte big-endian CRC-32 */
#define FITFLATE_FORMAT_AUTO (-1) /* readers: gzip, legacy or zlib from the bytes (raw: name it) */

/* Levels: 0..FITFLATE_MAX_LEVEL (10: the strongest, near-optimal effort), or
   FITFLATE_LEVEL_DEFAULT for FITFLATE_DEFAULT_LEVEL. */
#define FITFLATE_LEVEL_DEFAULT (-1)
#define FITFLATE_DEFAULT_LEVEL 6
#define FITFLATE_MAX_LEVEL 10

/* Success. */
#define FITFLATE_OK 0

/* Answers of fitflate_frame_push (non-negative). The frame changes only on FITFLATE_ACCEPTED. */
#define FITFLATE_ACCEPTED 0  /* the record (and its delimiter) is in the frame */
#define FITFLATE_FULL 1      /* not taken: finish the frame, then push the record again */
#define FITFLATE_TOO_LARGE 2 /* not taken: no frame of this cap (or payload limit) can hold it */

/* Errors (negative). */
#define FITFLATE_ERR_NULL_POINTER (-1)      /* a required pointer is NULL */
#define FITFLATE_ERR_BAD_LENGTH (-2)        /* a length over PTRDIFF_MAX */
#define FITFLATE_ERR_BAD_FORMAT (-3)        /* not a FITFLATE_FORMAT_* value */
#define FITFLATE_ERR_BAD_LEVEL (-4)         /* not FITFLATE_LEVEL_DEFAULT or 0..FITFLATE_MAX_LEVEL */
#define FITFLATE_ERR_CAP_BELOW_MINIMUM (-5) /* cap < fitflate_min_frame_size(format) */
#define FITFLATE_ERR_BUFFER_TOO_SMALL (-6)  /* needed length in *out_len; frame unchanged */
#define FITFLATE_ERR_INTERNAL (-7)          /* a bug in fitflate; the handle is poisoned */
#define FITFLATE_ERR_POISONED (-8)          /* handle poisoned earlier; reset or free it */
#define FITFLATE_ERR_BAD_FRAME (-9)         /* corrupt, truncated, foreign frame; see the message */
#define FITFLATE_ERR_NO_DICTIONARY_FIELD (-10) /* gzip, legacy: no field for a preset dictionary */
#define FITFLATE_ERR_DICTIONARY_NEEDED (-11)   /* the zlib frame needs its preset dictionary */
#define FITFLATE_ERR_DICTIONARY_MISMATCH (-12) /* the zlib frame names another dictionary */

/* An open capped frame plus the settings to open the next one. */
typedef struct fitflate_frame fitflate_frame;

/*
 * Open an empty frame of at most `cap` bytes in `format` at `level`, appending the
 * `delimiter_len` bytes at `delimiter` after every record (NULL, 0 for none; "\n", 1 for lines).
 * Returns NULL on error with the code in *out_err (FITFLATE_ERR_CAP_BELOW_MINIMUM, _BAD_FORMAT,
 * _BAD_LEVEL, _NULL_POINTER, _BAD_LENGTH, _INTERNAL); *out_err is FITFLATE_OK on success.
 * out_err may be NULL.
 */
fitflate_frame *fitflate_frame_new(uint64_t cap, int format, int level, const uint8_t *delimiter,
                                   size_t delimiter_len, int *out_err);

/*
 * Offer a record of `len` bytes (the delimiter is appended after it). Returns FITFLATE_ACCEPTED,
 * FITFLATE_FULL (finish the frame, push the record again), FITFLATE_TOO_LARGE (the frame is
 * empty and the record does not fit even so, or breaks the payload limit alone, or it is 2^32 - 1
 * bytes or longer; the message says why), or a negative error. A non-empty frame answers
 * FITFLATE_FULL to a record too large for any frame; pushed again into the empty frame it gets
 * FITFLATE_TOO_LARGE. A record that would break a limit of fitflate_frame_set_limits is refused
 * like one that would break the cap.
 */
int fitflate_frame_push(fitflate_frame *frame, const uint8_t *record, size_t len);

/*
 * Finish the frame into `buf` (`buf_cap` bytes). FITFLATE_OK: *out_len is the frame's length
 * (<= cap) and the handle is reset to an empty frame with the same settings.
 * FITFLATE_ERR_BUFFER_TOO_SMALL: *out_len is the length needed and the frame is unchanged.
 * A buffer of `cap` bytes always suffices. `buf` may be NULL when `buf_cap` is 0 (size query).
 */
int fitflate_frame_finish_into(fitflate_frame *frame, uint8_t *buf, size_t buf_cap,
                               size_t *out_len);

/*
 * Finish the frame into a buffer the library allocates. FITFLATE_OK: *out_ptr / *out_len hold it
 * (free with fitflate_bytes_free(*out_ptr, *out_len)) and the handle is reset to an empty frame
 * with the same settings. On error *out_ptr is NULL, *out_len 0, and the frame unchanged.
 */
int fitflate_frame_finish(fitflate_frame *frame, uint8_t **out_ptr, size_t *out_len);

/*
 * Stream the frame out while it fills: the bytes already final (header, blocks written so far)
 * move into a buffer the library allocates. FITFLATE_OK: *out_ptr / *out_len hold them (free
 * with fitflate_bytes_free; NULL and 0 when there are none yet); a later take or finish returns
 * the rest, and the frame is the concatenation. Memory then stays at the encoder's working set
 * however large the cap. On error *out_ptr is NULL, *out_len 0, and the frame unchanged.
 */
int fitflate_frame_take_output(fitflate_frame *frame, uint8_t **out_ptr, size_t *out_len);

/* Release a buffer from fitflate_frame_finish or fitflate_frame_take_output, with the length it
 * returned. NULL is a no-op. */
void fitflate_bytes_free(uint8_t *data, size_t len);

/*
 * Read a frame back: decode and check the `frame_len` bytes at `frame` (`format`: a
 * FITFLATE_FORMAT_* value or FITFLATE_FORMAT_AUTO) whose records end with `delimiter`.
 * FITFLATE_OK: *out_ptr / *out_len hold the payload, every record followed by the delimiter (free
 * with fitflate_bytes_free; NULL and 0 for an empty frame), *out_records (unless NULL) the
 * number of records. FITFLATE_ERR_BAD_FRAME: corrupt, truncated, padded, foreign, or not ending
 * with the delimiter (fitflate_last_error says which).
 */
int fitflate_unpack(const uint8_t *frame, size_t frame_len, int format, const uint8_t *delimiter,
                    size_t delimiter_len, uint8_t **out_ptr, size_t *out_len,
                    uint64_t *out_records);

/*
 * fitflate_unpack for a frame packed with a preset dictionary: the `dict_len` bytes at `dict`
 * (NULL, 0: none), the same bytes it was packed with. A zlib frame names its dictionary (the
 * DICTID, its bytes 2..5 big-endian): without one the answer is FITFLATE_ERR_DICTIONARY_NEEDED,
 * with another FITFLATE_ERR_DICTIONARY_MISMATCH (the message names the DICTIDs in hex). A raw
 * frame names nothing: another dictionary gives wrong bytes or FITFLATE_ERR_BAD_FRAME. A frame
 * packed without a dictionary (and any gzip or legacy frame) decodes whatever `dict` is.
 * fitflate_unpack answers FITFLATE_ERR_DICTIONARY_NEEDED for a zlib frame that needs one.
 */
int fitflate_unpack_with_dictionary(const uint8_t *frame, size_t frame_len, int format,
                                    const uint8_t *delimiter, size_t delimiter_len,
                                    const uint8_t *dict, size_t dict_len, uint8_t **out_ptr,
                                    size_t *out_len, uint64_t *out_records);

/*
 * Walk the records of a payload from fitflate_unpack: from *pos == 0, each call points *record /
 * *record_len at the next record (without its delimiter, inside `payload`), advances *pos and
 * returns 1; 0 at the end.
 */
int fitflate_next_record(const uint8_t *payload, size_t payload_len, const uint8_t *delimiter,
                         size_t delimiter_len, size_t *pos, const uint8_t **record,
                         size_t *record_len);

/* Drop the frame's records: empty frame, same settings. Also clears a poisoned handle. */
int fitflate_frame_reset(fitflate_frame *frame);

/*
 * Cap-aware squeezing on (nonzero) or off (0): when a record does not fit, re-parse the frame's
 * pending block near-optimally and take the record if it then fits. Drops the frame's records,
 * like fitflate_frame_reset.
 */
int fitflate_frame_set_squeeze(fitflate_frame *frame, int on);

/*
 * Limits beside the cap, for this frame and the ones after it: at most `max_payload`
 * uncompressed bytes (records with their delimiters) and `max_records` records per frame; 0
 * means no limit. Drops the frame's records, like fitflate_frame_reset.
 */
int fitflate_frame_set_limits(fitflate_frame *frame, uint64_t max_payload, uint64_t max_records);

/*
 * Pack with a preset dictionary, this frame and the ones after it: the `dict_len` bytes at
 * `dict` (NULL, 0: none, the default; the most useful bytes last, as with zlib's
 * deflateSetDictionary). Every frame starts with the dictionary in its window, so even its first
 * record finds matches: small frames hold more records. zlib frames set FDICT and carry the
 * DICTID (the Adler-32 of the bytes), 4 bytes more, so the cap must be at least 12; raw frames
 * carry nothing (the reader must know the dictionary); gzip and legacy frames have no field for
 * one: FITFLATE_ERR_NO_DICTIONARY_FIELD. Readers need the same bytes:
 * fitflate_unpack_with_dictionary, or zlib's inflateSetDictionary (on Z_NEED_DICT for zlib,
 * right after inflateInit2 with -15 window bits for raw). Drops the frame's records, like
 * fitflate_frame_reset; on error (also FITFLATE_ERR_CAP_BELOW_MINIMUM) the frame is unchanged.
 */
int fitflate_frame_set_dictionary(fitflate_frame *frame, const uint8_t *dict, size_t dict_len);

/*
 * 1 if the frame packs with a preset dictionary, with its DICTID (the Adler-32 of its bytes) in
 * *out_id (unless out_id is NULL); 0 for none (*out_id = 0); FITFLATE_ERR_NULL_POINTER for a
 * NULL frame.
 */
int fitflate_frame_dictionary_id(const fitflate_frame *frame, uint32_t *out_id);

/* Release a frame. NULL is a no-op. */
void fitflate_frame_free(fitflate_frame *frame);

/* Records in the frame (0 for NULL or a poisoned handle). */
uint64_t fitflate_frame_records(const fitflate_frame *frame);

/* Exact size the frame would have if finished now (0 for NULL or a poisoned handle). */
uint64_t fitflate_frame_size(const fitflate_frame *frame);

/* The frame's cap (0 for NULL). */
uint64_t fitflate_frame_cap(const fitflate_frame *frame);

/* The frame's limits (0 for none, or NULL). */
uint64_t fitflate_frame_max_payload(const fitflate_frame *frame);
uint64_t fitflate_frame_max_records(const fitflate_frame *frame);

/* The smallest cap of `format` (raw 2, zlib 8, gzip 20, legacy 24); 0 for an unknown format.
 * A zlib frame with a preset dictionary needs 4 bytes more (12). */
uint64_t fitflate_min_frame_size(int format);

/*
 * This thread's last error message (never NULL; "" before any error). Valid until the next
 * fitflate call on the same thread.
 */
const char *fitflate_last_error(void);

/* The library version, e.g. "0.1.0" (static). */
const char *fitflate_version(void);

#ifdef __cplusplus
}
#endif

#endif /* FITFLATE_H */
