/*
 * pack_lines: read lines from stdin and write them as capped frames, one file per frame
 * (OUT_DIR/frame_000000.gz, frame_000001.gz, ...), each at most CAP bytes.
 *
 *     pack_lines OUT_DIR [CAP [FORMAT [LEVEL]]]
 *
 * CAP in bytes (default 65536); FORMAT gzip (default), zlib, raw or legacy; LEVEL 0-10
 * (default 6; 10 is the strongest effort). Each line (without its "\n" or "\r\n") is one
 * record; the frames hold the lines with "\n" after each. A line too long for any frame of
 * CAP bytes is skipped with a warning. Prints "frames N records R skipped S" on stdout.
 *
 * Build (from the workspace root, after `cargo build --release -p fitflate-capi`):
 *
 *     cc -std=c99 -O2 -Icapi/include capi/examples/pack_lines.c \
 *        target/release/libfitflate_c.a -lpthread -ldl -lm -o pack_lines
 *     ./pack_lines frames 4096 gzip < corpus/loghub/HDFS_2k.log
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fitflate.h"

static int write_frame(const char *dir, const char *ext, unsigned long index, const uint8_t *data,
                       size_t len) {
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/frame_%06lu.%s", dir, index, ext);
    if (n < 0 || (size_t)n >= sizeof path) {
        fprintf(stderr, "pack_lines: output path too long\n");
        return -1;
    }
    FILE *out = fopen(path, "wb");
    if (!out) {
        fprintf(stderr, "pack_lines: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (fwrite(data, 1, len, out) != len || fclose(out) != 0) {
        fprintf(stderr, "pack_lines: %s: write failed\n", path);
        return -1;
    }
    return 0;
}

/* Finish the frame into buf and write it out. */
static int ship(fitflate_frame *frame, uint8_t *buf, size_t buf_cap, const char *dir,
                const char *ext, unsigned long *frames) {
    size_t len = 0;
    int rc = fitflate_frame_finish_into(frame, buf, buf_cap, &len);
    if (rc != FITFLATE_OK) {
        fprintf(stderr, "pack_lines: finish: %s\n", fitflate_last_error());
        return -1;
    }
    if (write_frame(dir, ext, *frames, buf, len) != 0) {
        return -1;
    }
    *frames += 1;
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 5) {
        fprintf(stderr, "usage: %s OUT_DIR [CAP [gzip|zlib|raw|legacy [LEVEL]]]\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    char *end = NULL;
    unsigned long long cap = 65536;
    if (argc > 2) {
        errno = 0;
        cap = strtoull(argv[2], &end, 10);
        if (errno != 0 || *end != '\0' || cap == 0 || cap > (unsigned long long)SIZE_MAX) {
            fprintf(stderr, "pack_lines: bad cap %s\n", argv[2]);
            return 2;
        }
    }
    int format = FITFLATE_FORMAT_GZIP;
    const char *ext = "gz";
    if (argc > 3) {
        const char *name = argv[3];
        if (strcmp(name, "gzip") == 0) {
            format = FITFLATE_FORMAT_GZIP;
            ext = "gz";
        } else if (strcmp(name, "zlib") == 0) {
            format = FITFLATE_FORMAT_ZLIB;
            ext = "zz";
        } else if (strcmp(name, "raw") == 0) {
            format = FITFLATE_FORMAT_RAW;
            ext = "deflate";
        } else if (strcmp(name, "legacy") == 0) {
            format = FITFLATE_FORMAT_LEGACY;
            ext = "lgz";
        } else {
            fprintf(stderr, "pack_lines: unknown format %s\n", name);
            return 2;
        }
    }
    int level = FITFLATE_LEVEL_DEFAULT;
    if (argc > 4) {
        level = (int)strtol(argv[4], &end, 10);
        if (*end != '\0') {
            fprintf(stderr, "pack_lines: bad level %s\n", argv[4]);
            return 2;
        }
    }

    int err = FITFLATE_OK;
    fitflate_frame *frame =
        fitflate_frame_new((uint64_t)cap, format, level, (const uint8_t *)"\n", 1, &err);
    if (!frame) {
        fprintf(stderr, "pack_lines: %s (error %d)\n", fitflate_last_error(), err);
        return 1;
    }
    /* A buffer of cap bytes holds any finished frame. */
    size_t buf_cap = (size_t)cap;
    uint8_t *buf = malloc(buf_cap);
    if (!buf) {
        fprintf(stderr, "pack_lines: out of memory\n");
        fitflate_frame_free(frame);
        return 1;
    }

    unsigned long frames = 0, records = 0, skipped = 0, lineno = 0;
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t n;
    int status = 0;
    while ((n = getline(&line, &line_cap, stdin)) != -1) {
        size_t len = (size_t)n;
        lineno++;
        if (len > 0 && line[len - 1] == '\n') {
            len--;
            if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
        }
        int rc = fitflate_frame_push(frame, (const uint8_t *)line, len);
        if (rc == FITFLATE_FULL) {
            /* Not taken: ship this frame (the handle is then empty) and offer the line again. */
            if (ship(frame, buf, buf_cap, dir, ext, &frames) != 0) {
                status = 1;
                break;
            }
            rc = fitflate_frame_push(frame, (const uint8_t *)line, len);
        }
        if (rc == FITFLATE_ACCEPTED) {
            records++;
        } else if (rc == FITFLATE_TOO_LARGE) {
            fprintf(stderr, "pack_lines: line %lu skipped: %s\n", lineno, fitflate_last_error());
            skipped++;
        } else {
            fprintf(stderr, "pack_lines: line %lu: %s (error %d)\n", lineno,
                    fitflate_last_error(), rc);
            status = 1;
            break;
        }
    }
    if (status == 0 && ferror(stdin)) {
        fprintf(stderr, "pack_lines: reading stdin: %s\n", strerror(errno));
        status = 1;
    }
    if (status == 0 && fitflate_frame_records(frame) > 0) {
        if (ship(frame, buf, buf_cap, dir, ext, &frames) != 0) {
            status = 1;
        }
    }
    if (status == 0) {
        printf("frames %lu records %lu skipped %lu\n", frames, records, skipped);
    }
    free(line);
    free(buf);
    fitflate_frame_free(frame);
    return status;
}
