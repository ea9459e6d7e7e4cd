/* SPDX-License-Identifier: BSD-2-Clause */
/* ipsecapid's command line (ipsecapid(8)), with its defaults. */
#ifndef IPSECAPID_OPTIONS_H
#define IPSECAPID_OPTIONS_H

#include <stddef.h>

#include "reqids.h"

struct broker_options {
	const char *socket_path;
	const char *subuid_file;
	size_t max_clients;          /* connections at once */
	size_t max_per_user;         /* connections of one user */
	size_t max_watches_per_user; /* latch watches of one user, on all its connections */
	int idle_timeout;            /* seconds */
	unsigned workers;            /* threads that run requests */
	double esp_demand_rate;      /* socket policies requiring ESP, per user per second */
	double esp_demand_burst;     /* and at once */
	struct reqid_list reqids;    /* that a socket policy may demand */
};

#define IPSECAPID_DEFAULT_MAX_CLIENTS 4096
#define IPSECAPID_DEFAULT_MAX_PER_USER 64
#define IPSECAPID_DEFAULT_MAX_WATCHES_PER_USER 1024
#define IPSECAPID_DEFAULT_IDLE_TIMEOUT 30
#define IPSECAPID_DEFAULT_WORKERS 4
#define IPSECAPID_DEFAULT_ESP_DEMAND_RATE 20
#define IPSECAPID_DEFAULT_ESP_DEMAND_BURST 100
#define IPSECAPID_DEFAULT_REQIDS "0"
#define IPSECAPID_DEFAULT_SUBUID_FILE "/etc/subuid"

/* The defaults: 0, or -1 without memory. */
int broker_options_default(struct broker_options *o);

/* Reads the command line into o (which has the defaults); a wrong one
 * ends the program with a message and status 2. */
void broker_options_parse(int argc, char **argv, struct broker_options *o);

void broker_options_clear(struct broker_options *o);

#endif
