/* SPDX-License-Identifier: BSD-2-Clause */
/* The SA by which an IKE daemon knows a bundle (km.h). */
#include <netinet/in.h>

#include "km.h"

const struct ipsecapi_xfrm_sa *ipsecapi_km_named_sa(const struct ipsecapi_xfrm_sa *sa, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (sa[i].info.id.proto == IPPROTO_ESP || sa[i].info.id.proto == IPPROTO_AH) {
			return &sa[i];
		}
	}
	return NULL;
}
