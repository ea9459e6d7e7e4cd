/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The TCP plumbing every example shares, with nothing of IPsec, GSS or
 * TLS in it.  Failures are told on stderr, after "program: ".
 */
#ifndef EXAMPLES_TCP_H
#define EXAMPLES_TCP_H

/* A socket connected to host and port, or -1. */
int tcp_connect(const char *program, const char *host, const char *port);

/* Waits for one client on port (a number): its socket, or -1. */
int tcp_accept_one(const char *program, const char *port);

#endif
