/*
 * util/fileio.h: reading input files (regular files only, a size limit, no
 * NUL byte) and writing files so that nothing is left half-written.
 */
#ifndef SD_FILEIO_H
#define SD_FILEIO_H

#include <stddef.h>

#include "util/error.h"
#include "util/strbuf.h"

/* Append the whole of the text file at path to sb (the one way input files
 * are read). SD_ERR_IO when it cannot be read, is not a regular file (a
 * FIFO, a device, a folder) or is over STRBUF_FILE_MAX; SD_ERR_SYNTAX at
 * FILE:LINE:COL of a NUL byte (C strings would end the text there). On
 * error sb is left as it was. */
int sd_read_file(struct strbuf *sb, const char *path, struct sd_error *err);

/* Write data to a new file (O_EXCL: an existing file is never replaced)
 * and fsync it: 0, or -1 with errno set; a partly written file is
 * removed. */
int file_write_new(const char *path, const char *data, size_t len);

#endif
