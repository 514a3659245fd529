/*
 * util/version.h: the version of this build, for --version and for the
 * tool_version recorded in a database's history. Set at build time from
 * `git describe` or the VERSION file (scripts/version.sh, the Makefile's
 * build/gen/version.h); a static string, owned by no one.
 */
#ifndef SD_VERSION_H
#define SD_VERSION_H

extern const char sd_version[];

#endif
