/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for the sock_diag answer fuzzer into the directory
 * given: answers as one read of a dump returns them. */
#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <sys/socket.h>

#include "diag_build.h"
#include "seed_file.h"

int main(int argc, char **argv)
{
	struct inet_diag_msg listener = db_socket_msg(AF_INET, TCP_LISTEN, 7001, 0, 1);
	const struct inet_diag_msg accepted = db_socket_msg(AF_INET, TCP_ESTABLISHED, 7001, 40000, 2);
	const struct inet_diag_msg client = db_socket_msg(AF_INET, TCP_ESTABLISHED, 40000, 7001, 3);
	const struct inet_diag_msg v6 = db_socket_msg(AF_INET6, TCP_ESTABLISHED, 7001, 40001, 4);
	struct diag_answer listing = { .len = 0 }, v6_marked = { .len = 0 }, unfinished = { .len = 0 },
			   refused = { .len = 0 }, cut_short = { .len = 0 };

	if (argc != 2) {
		fprintf(stderr, "usage: make_sock_diag_seeds DIRECTORY\n");
		return 2;
	}
	/* A listener with one connection in its queue of 128, both ends of a
	 * connection to it (one marked), the end. */
	listener.idiag_rqueue = 1;
	listener.idiag_wqueue = 128;
	db_put_socket(&listing, &listener, 0);
	db_put_socket(&listing, &accepted, 0);
	db_put_socket(&listing, &client, 5);
	db_put_done(&listing, 0);
	db_put_socket(&v6_marked, &v6, 7);
	db_put_done(&v6_marked, 0);
	/* The first read of a dump that goes on. */
	db_put_socket(&unfinished, &listener, 0);
	db_put_socket(&unfinished, &accepted, 0);
	db_put_error(&refused, -EPERM);
	db_put_socket(&cut_short, &listener, 0);
	db_put_done(&cut_short, -ENOBUFS);
	if (seed_file_write(argv[1], "listing", NULL, 0, listing.words, listing.len) != 0 ||
	    seed_file_write(argv[1], "ipv6-marked", NULL, 0, v6_marked.words, v6_marked.len) != 0 ||
	    seed_file_write(argv[1], "unfinished", NULL, 0, unfinished.words,
			    unfinished.len) != 0 ||
	    seed_file_write(argv[1], "refused", NULL, 0, refused.words, refused.len) != 0 ||
	    seed_file_write(argv[1], "cut-short", NULL, 0, cut_short.words, cut_short.len) != 0) {
		return 1;
	}
	return 0;
}
