/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipsecapid's log: one line on stderr per event.  Under systemd, whose
 * journal reads stderr, each line begins with its syslog priority as
 * sd-daemon(3) prefixes it ("<4>"), so that "journalctl -p warning" finds
 * the refusals; elsewhere, with "ipsecapid: ".
 */
#ifndef IPSECAPID_LOG_H
#define IPSECAPID_LOG_H

#include <syslog.h>

/* priority: LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO (syslog.h). */
void broker_log(int priority, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

#endif
