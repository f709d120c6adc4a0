// SQLite's process-wide settings, which Swift cannot make itself: `sqlite3_config` is variadic.
#ifndef CSQLITECONFIG_H
#define CSQLITECONFIG_H

/// Turns off SQLite's memory statistics, which take one process-wide mutex around every
/// allocation of every connection. Takes effect only before SQLite's first use in the process;
/// returns SQLite's result code (SQLITE_MISUSE when it is too late).
int paperdiary_sqlite_memory_statistics_off(void);

#endif
