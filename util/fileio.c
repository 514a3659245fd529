/*
 * util/fileio.c: see fileio.h.
 */
#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "util/banned.h"

int sd_read_file(struct strbuf *sb, const char *path, struct sd_error *err)
{
	size_t start = sb->len;
	const char *nul;

	if (strbuf_read_file(sb, path)) {
		int e = errno;
		const char *why = e == ENOTSUP ? "not a regular file"
				: e == EFBIG ? "larger than the 1 GiB limit"
				: strerror(e);

		sb->len = start;
		if (sb->alloc)
			sb->buf[start] = '\0';
		return sd_error_set(err, SD_ERR_IO, path, 0, 0,
				    "cannot read \"%s\": %s", path, why);
	}
	nul = memchr(sb->buf + start, '\0', sb->len - start);
	if (nul) {
		int line, col;

		sd_text_position(sb->buf + start, (size_t)(nul - sb->buf) - start,
				 &line, &col);
		sb->len = start;
		sb->buf[start] = '\0';
		return sd_error_set(err, SD_ERR_SYNTAX, path, line, col,
				    "a NUL byte in the file: input files are text");
	}
	return 0;
}

int file_write_new(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	int saved;

	if (fd < 0)
		return -1;
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto out_unlink;
		data += n;
		len -= (size_t)n;
	}
	if (fsync(fd))
		goto out_unlink;
	if (close(fd)) {
		fd = -1;
		goto out_unlink;
	}
	return 0;
out_unlink:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(path);
	errno = saved;
	return -1;
}
