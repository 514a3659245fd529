/*
 * emit/mysql.c: changes -> MySQL / MariaDB DDL.
 * (Being written: see issue #6; nothing is emitted yet.)
 */
#include "emit/emit.h"
#include "util/banned.h"

void emit_mysql_change(const struct change *ch, struct strbuf *out)
{
	(void)ch;
	(void)out;
}
