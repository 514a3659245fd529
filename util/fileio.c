/*
 * util/fileio.c: see fileio.h.
 */
#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "util/banned.h"

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
