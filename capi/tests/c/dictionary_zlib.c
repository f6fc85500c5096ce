/*
 * dictionary_zlib: pack lines with a preset dictionary through the C API and decode every frame
 * with the system zlib's inflateSetDictionary, as a C program on the other side would.
 *
 *     dictionary_zlib LOG DICT_LINES CAP
 *
 * The first DICT_LINES lines of LOG (each with its "\n") are the dictionary; the other lines are
 * records, packed into zlib frames and into raw frames of at most CAP bytes. Every frame must be
 * within the cap, inflate with zlib to exactly the records it took, and read back the same with
 * fitflate_unpack_with_dictionary; a zlib frame must ask zlib for the dictionary by its DICTID
 * and fitflate_unpack must answer FITFLATE_ERR_DICTIONARY_NEEDED; gzip must refuse a dictionary;
 * and the dictionary must pack the records into fewer zlib frames than none. Prints
 * "zlib N plain M raw R records K" and exits 0, or says what failed and exits 1.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "fitflate.h"

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "FAIL (line %d): ", __LINE__);                                         \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fprintf(stderr, " [fitflate: %s]\n", fitflate_last_error());                           \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

static const uint8_t *dict;
static size_t dict_len;

/* Inflate `frame` (zlib when `zlib_format`, else raw) with the dictionary; returns the payload
 * (malloc'ed) and its length in *out_len. */
static uint8_t *inflate_with_dictionary(const uint8_t *frame, size_t len, int zlib_format,
                                        uLong want_id, size_t *out_len) {
    size_t room = 1 << 20;
    uint8_t *out = malloc(room);
    CHECK(out != NULL, "out of memory");
    z_stream s;
    memset(&s, 0, sizeof s);
    CHECK(inflateInit2(&s, zlib_format ? 15 : -15) == Z_OK, "inflateInit2");
    if (!zlib_format) {
        /* Raw DEFLATE names no dictionary: set it before the first byte. */
        CHECK(inflateSetDictionary(&s, dict, (uInt)dict_len) == Z_OK, "raw inflateSetDictionary");
    }
    s.next_in = (Bytef *)frame;
    s.avail_in = (uInt)len;
    s.next_out = out;
    s.avail_out = (uInt)room;
    int rc = inflate(&s, Z_FINISH);
    if (zlib_format) {
        /* zlib stops after the header and names the dictionary it needs by its DICTID. */
        CHECK(rc == Z_NEED_DICT, "zlib did not ask for the dictionary (%d)", rc);
        CHECK(s.adler == want_id, "DICTID %08lx, the dictionary's is %08lx", s.adler, want_id);
        CHECK(inflateSetDictionary(&s, dict, (uInt)dict_len) == Z_OK, "inflateSetDictionary");
        rc = inflate(&s, Z_FINISH);
    }
    CHECK(rc == Z_STREAM_END, "inflate ended with %d (%s)", rc, s.msg ? s.msg : "");
    CHECK(s.avail_in == 0, "%u bytes after the stream", s.avail_in);
    *out_len = room - s.avail_out;
    inflateEnd(&s);
    return out;
}

/* Check one finished frame holding the records whose bytes (each with "\n") are `want`. */
static void check_frame(const uint8_t *frame, size_t len, int format, uint64_t cap,
                        const uint8_t *want, size_t want_len, uint64_t want_records) {
    CHECK(len <= cap, "a frame of %zu bytes, over the cap of %llu", len, (unsigned long long)cap);
    size_t got_len = 0;
    uint8_t *got = inflate_with_dictionary(frame, len, format == FITFLATE_FORMAT_ZLIB,
                                           adler32(adler32(0L, Z_NULL, 0), dict, (uInt)dict_len),
                                           &got_len);
    CHECK(got_len == want_len && memcmp(got, want, want_len) == 0, "zlib decodes other bytes");
    free(got);

    uint8_t *payload = NULL;
    size_t payload_len = 0;
    uint64_t records = 0;
    int rc = fitflate_unpack_with_dictionary(frame, len, format, (const uint8_t *)"\n", 1, dict,
                                             dict_len, &payload, &payload_len, &records);
    CHECK(rc == FITFLATE_OK, "fitflate_unpack_with_dictionary: %d", rc);
    CHECK(payload_len == want_len && memcmp(payload, want, want_len) == 0,
          "fitflate_unpack_with_dictionary gives other bytes");
    CHECK(records == want_records, "%llu records, %llu pushed", (unsigned long long)records,
          (unsigned long long)want_records);
    fitflate_bytes_free(payload, payload_len);
    if (format == FITFLATE_FORMAT_ZLIB) {
        rc = fitflate_unpack(frame, len, FITFLATE_FORMAT_AUTO, (const uint8_t *)"\n", 1, &payload,
                             &payload_len, NULL);
        CHECK(rc == FITFLATE_ERR_DICTIONARY_NEEDED, "fitflate_unpack without it: %d", rc);
        CHECK(payload == NULL && payload_len == 0, "a payload with an error");
    }
}

/* Pack the `n` records of `lines` / `lens` (each followed by "\n" at lines[i][lens[i]]) into
 * frames of `format` and `cap` with the dictionary (or none), checking each frame when
 * `with_dict`. Returns the number of frames. */
static unsigned long pack(const uint8_t **lines, const size_t *lens, size_t n, int format,
                          uint64_t cap, int with_dict) {
    int err = 0;
    fitflate_frame *f =
        fitflate_frame_new(cap, format, FITFLATE_LEVEL_DEFAULT, (const uint8_t *)"\n", 1, &err);
    CHECK(f != NULL, "fitflate_frame_new: %d", err);
    if (with_dict) {
        CHECK(fitflate_frame_set_dictionary(f, dict, dict_len) == FITFLATE_OK, "set_dictionary");
        uint32_t id = 0;
        CHECK(fitflate_frame_dictionary_id(f, &id) == 1, "no dictionary");
        CHECK(id == adler32(adler32(0L, Z_NULL, 0), dict, (uInt)dict_len), "DICTID %08lx",
              (unsigned long)id);
    }
    uint8_t *buf = malloc((size_t)cap);
    CHECK(buf != NULL, "out of memory");
    unsigned long frames = 0;
    size_t first = 0; /* the frame's first record */
    for (size_t i = 0; i <= n; i++) {
        int rc = i < n ? fitflate_frame_push(f, lines[i], lens[i]) : FITFLATE_FULL;
        if (rc == FITFLATE_ACCEPTED) {
            continue;
        }
        CHECK(rc == FITFLATE_FULL, "push of record %zu: %d", i, rc);
        size_t len = 0;
        CHECK(fitflate_frame_finish_into(f, buf, (size_t)cap, &len) == FITFLATE_OK, "finish");
        frames++;
        if (with_dict) {
            /* The records are consecutive lines of the file: their bytes are one run. */
            const uint8_t *want = lines[first];
            size_t want_len = i > first ? (size_t)(lines[i - 1] + lens[i - 1] + 1 - want) : 0;
            check_frame(buf, len, format, cap, want, want_len, (uint64_t)(i - first));
        }
        if (i < n) {
            CHECK(fitflate_frame_push(f, lines[i], lens[i]) == FITFLATE_ACCEPTED, "push again");
        }
        first = i;
    }
    free(buf);
    fitflate_frame_free(f);
    return frames;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s LOG DICT_LINES CAP\n", argv[0]);
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    CHECK(in != NULL, "cannot open %s", argv[1]);
    static uint8_t text[1 << 22];
    size_t text_len = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    /* Only whole lines, each ending in "\n". */
    while (text_len > 0 && text[text_len - 1] != '\n') {
        text_len--;
    }
    size_t dict_lines = (size_t)strtoul(argv[2], NULL, 10);
    uint64_t cap = strtoull(argv[3], NULL, 10);

    static const uint8_t *lines[1 << 16];
    static size_t lens[1 << 16];
    size_t n = 0, start = 0;
    for (size_t i = 0; i < text_len; i++) {
        if (text[i] == '\n') {
            CHECK(n < sizeof lens / sizeof lens[0], "too many lines");
            lines[n] = text + start;
            lens[n] = i - start;
            n++;
            start = i + 1;
        }
    }
    CHECK(n > dict_lines, "%zu lines, fewer than the dictionary's %zu", n, dict_lines);
    dict = text;
    dict_len = (size_t)(lines[dict_lines] - text);

    /* gzip has no field for a dictionary. */
    int err = 0;
    fitflate_frame *g = fitflate_frame_new(4096, FITFLATE_FORMAT_GZIP, FITFLATE_LEVEL_DEFAULT,
                                           (const uint8_t *)"\n", 1, &err);
    CHECK(g != NULL, "fitflate_frame_new: %d", err);
    CHECK(fitflate_frame_set_dictionary(g, dict, dict_len) == FITFLATE_ERR_NO_DICTIONARY_FIELD,
          "gzip took a dictionary");
    CHECK(fitflate_frame_dictionary_id(g, NULL) == 0, "gzip has a dictionary");
    fitflate_frame_free(g);

    const uint8_t **records = lines + dict_lines;
    const size_t *record_lens = lens + dict_lines;
    size_t count = n - dict_lines;
    unsigned long zlib_frames = pack(records, record_lens, count, FITFLATE_FORMAT_ZLIB, cap, 1);
    unsigned long plain_frames = pack(records, record_lens, count, FITFLATE_FORMAT_ZLIB, cap, 0);
    unsigned long raw_frames = pack(records, record_lens, count, FITFLATE_FORMAT_RAW, cap, 1);
    CHECK(zlib_frames < plain_frames, "%lu zlib frames with the dictionary, %lu without",
          zlib_frames, plain_frames);
    printf("zlib %lu plain %lu raw %lu records %zu\n", zlib_frames, plain_frames, raw_frames, count);
    return 0;
}
