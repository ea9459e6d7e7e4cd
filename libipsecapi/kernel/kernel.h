/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel layer's contract: XFRM and sock_diag through libmnl.  It
 * reads (and, where asked, writes) the kernel's policies and SAs, picks
 * the ones the kernel would use for a flow, rates their strength, and
 * keeps a socket's own policies.  It knows no key manager and no pToken
 * semantics beyond the fields it reads.
 */
#ifndef IPSECAPI_KERNEL_H
#define IPSECAPI_KERNEL_H

#include "after_close.h"
#include "alg_strength.h"
#include "flow.h"
#include "inherit.h"
#include "kernel_view.h"
#include "latch.h"
#include "override_check.h"
#include "policy_census.h"
#include "route_facts.h"
#include "sa_choice.h"
#include "sock_diag.h"
#include "socket_install.h"
#include "socket_policy.h"
#include "socket_table.h"
#include "xfrm_msg.h"
#include "xfrm_nl.h"
#include "xfrm_select.h"

#endif
