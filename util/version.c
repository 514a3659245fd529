/*
 * util/version.c: see version.h. The only file that includes the generated
 * header, so that a new version rebuilds this one object.
 */
#include "version.h"

#include "gen/version.h"

const char sd_version[] = SD_VERSION_STRING;
