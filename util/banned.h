/*
 * util/banned.h: functions that are easy to misuse, banned the way git and
 * curl ban them. Included last by util/compat users; a call to one of these
 * is a compile error.
 */
#ifndef SD_BANNED_H
#define SD_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)

#endif
