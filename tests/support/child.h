/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef BTNS_CHILD_H
#define BTNS_CHILD_H

/* Runs body(arg) in a child process; returns what body returned there (its
 * exit status), or -1 if the child did not exit normally.  For tests that
 * change what a process is (its capabilities, its namespaces). */
int run_in_child(int (*body)(void *arg), void *arg);

/* Drops every capability of the calling process: 0, or -1 with errno. */
int drop_all_capabilities(void);

#endif
