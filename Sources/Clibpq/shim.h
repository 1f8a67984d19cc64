/* libpq, PostgreSQL's own client library (Debian's libpq-dev): only the Postgres module includes it. */
#include <libpq-fe.h>
