/*
 * util/fileio.h: writing files so that nothing is left half-written.
 */
#ifndef SD_FILEIO_H
#define SD_FILEIO_H

#include <stddef.h>

/* Write data to a new file (O_EXCL: an existing file is never replaced)
 * and fsync it: 0, or -1 with errno set; a partly written file is
 * removed. */
int file_write_new(const char *path, const char *data, size_t len);

#endif
