/* SPDX-License-Identifier: BSD-2-Clause */
/* ipsecapid's command line (options.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker_link.h"
#include "log.h"
#include "options.h"

int broker_options_default(struct broker_options *o)
{
	char why[256];

	memset(o, 0, sizeof(*o));
	o->socket_path = IPSECAPI_BROKER_DEFAULT_PATH;
	o->subuid_file = IPSECAPID_DEFAULT_SUBUID_FILE;
	o->max_clients = IPSECAPID_DEFAULT_MAX_CLIENTS;
	o->max_per_user = IPSECAPID_DEFAULT_MAX_PER_USER;
	o->max_watches_per_user = IPSECAPID_DEFAULT_MAX_WATCHES_PER_USER;
	o->idle_timeout = IPSECAPID_DEFAULT_IDLE_TIMEOUT;
	o->workers = IPSECAPID_DEFAULT_WORKERS;
	o->esp_demand_rate = IPSECAPID_DEFAULT_ESP_DEMAND_RATE;
	o->esp_demand_burst = IPSECAPID_DEFAULT_ESP_DEMAND_BURST;
	return reqid_list_parse(IPSECAPID_DEFAULT_REQIDS, &o->reqids, why, sizeof(why));
}

/* The number an option wants, from 1 to max, or the program ends. */
static long option_number(const char *option, const char *text, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || n < 1 || n > max) {
		broker_log(LOG_ERR, "--%s wants a number from 1 to %ld, not \"%s\"", option,
			max, text);
		exit(2);
	}
	return n;
}

/* The usage, on stdout for --help (exit 0), else on stderr (exit 2), as
 * command-line tools do. */
static void usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
		"usage: ipsecapid [--socket PATH] [--max-clients N] [--max-per-user N]\n"
		"                 [--max-watches-per-user N] [--idle-timeout SECONDS]\n"
		"                 [--workers N] [--reqids LIST] [--esp-demand-rate N]\n"
		"                 [--esp-demand-burst N] [--subuid-file PATH]\n"
		"       ipsecapid -h|--help | -V|--version\n");
	exit(status);
}

void broker_options_parse(int argc, char **argv, struct broker_options *o)
{
	static const struct option options[] = {
		{ .name = "socket", .has_arg = required_argument, .val = 's' },
		{ .name = "max-clients", .has_arg = required_argument, .val = 'm' },
		{ .name = "max-per-user", .has_arg = required_argument, .val = 'u' },
		{ .name = "max-watches-per-user", .has_arg = required_argument, .val = 'w' },
		{ .name = "idle-timeout", .has_arg = required_argument, .val = 't' },
		{ .name = "workers", .has_arg = required_argument, .val = 'W' },
		{ .name = "reqids", .has_arg = required_argument, .val = 'r' },
		{ .name = "esp-demand-rate", .has_arg = required_argument, .val = 'R' },
		{ .name = "esp-demand-burst", .has_arg = required_argument, .val = 'B' },
		{ .name = "subuid-file", .has_arg = required_argument, .val = 'U' },
		{ .name = "help", .has_arg = no_argument, .val = 'h' },
		{ .name = "version", .has_arg = no_argument, .val = 'V' },
		{ .name = NULL, .has_arg = 0, .flag = NULL, .val = 0 },
	};
	char why[512];
	int opt;

	while ((opt = getopt_long(argc, argv, "hV", options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			usage(0);
			break;
		case 'V':
			printf("ipsecapid %s\n", BTNS_VERSION);
			exit(0);
		case 's':
			o->socket_path = optarg;
			break;
		case 'm':
			o->max_clients = (size_t)option_number("max-clients", optarg, 1000000);
			break;
		case 'u':
			o->max_per_user = (size_t)option_number("max-per-user", optarg, 1000000);
			break;
		case 'w':
			o->max_watches_per_user =
				(size_t)option_number("max-watches-per-user", optarg, 100000000);
			break;
		case 't':
			o->idle_timeout = (int)option_number("idle-timeout", optarg, 86400);
			break;
		case 'W':
			o->workers = (unsigned)option_number("workers", optarg, 256);
			break;
		case 'r':
			reqid_list_clear(&o->reqids);
			if (reqid_list_parse(optarg, &o->reqids, why, sizeof(why)) != 0) {
				broker_log(LOG_ERR, "%s", why);
				exit(2);
			}
			break;
		case 'R':
			o->esp_demand_rate =
				(double)option_number("esp-demand-rate", optarg, 1000000);
			break;
		case 'B':
			o->esp_demand_burst =
				(double)option_number("esp-demand-burst", optarg, 1000000);
			break;
		case 'U':
			o->subuid_file = optarg;
			break;
		default:
			usage(2);
		}
	}
	if (optind != argc) {
		broker_log(LOG_ERR, "unexpected argument \"%s\"", argv[optind]);
		usage(2);
	}
}

void broker_options_clear(struct broker_options *o)
{
	reqid_list_clear(&o->reqids);
}
