/* SPDX-License-Identifier: BSD-2-Clause */
/* Writes seed inputs for the pluto_status fuzzer into the directory given,
 * with the fuzzer's selector octet in front: what pluto 4.10 said to
 * `whack --status` in the test VM (tests/unit/km/pluto), an instance's SA
 * lines, and lineage records as pluto_lineage.c writes them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pluto_lineage.h"
#include "seed_file.h"

static const uint8_t status_selector = 0, record_selector = 1;

/* The capture file name of PLUTO_FIXTURES, as the seed called name. */
static int capture_seed(const char *dir, const char *name, const char *file)
{
	char path[4096];
	FILE *f;
	char *text = NULL;
	long size;
	int rc = -1;

	snprintf(path, sizeof(path), "%s/%s", PLUTO_FIXTURES, file);
	f = fopen(path, "rb");
	if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)size)) != NULL &&
	    fread(text, 1, (size_t)size, f) == (size_t)size) {
		rc = seed_file_write(dir, name, &status_selector, 1, text, (size_t)size);
	} else {
		perror(path);
	}
	free(text);
	if (f != NULL) {
		fclose(f);
	}
	return rc;
}

static int record_seed(const char *dir, const char *name,
		       struct ipsecapi_pluto_lineage_entry *entries, size_t n)
{
	struct ipsecapi_pluto_lineages t = {
		.process = { .pid = 4242, .start = 1000 }, .entries = entries, .n = n, .cap = n
	};
	size_t len;
	char *text = ipsecapi_pluto_lineages_format(&t, &len);
	int rc;

	if (text == NULL) {
		perror("make_pluto_status_seeds");
		return -1;
	}
	rc = seed_file_write(dir, name, &record_selector, 1, text, len);
	free(text);
	return rc;
}

int main(int argc, char **argv)
{
	static const char instance[] =
		"000 \"btns\"[1] 192.0.2.2:   our auth:null, their auth:null, our autheap:none, "
		"their autheap:none;\n"
		"000 \"btns\"[1] 192.0.2.2:   our idtype: ID_NULL; our id=ID_NULL; their idtype: "
		"ID_NULL; their id=ID_NULL\n"
		"000 #1: \"btns\"[1] 192.0.2.2:500 STATE_V2_ESTABLISHED_IKE_SA (established IKE "
		"SA); newest; idle;\n"
		"000 #2: \"btns\"[1] 192.0.2.2:500 STATE_V2_ESTABLISHED_CHILD_SA (established "
		"Child SA); newest; eroute owner; IKE SA #1; idle;\n"
		"000 #2: \"btns\"[1] 192.0.2.2 esp.dc9241be@192.0.2.2 esp.560a6b04@192.0.2.1 "
		"Traffic: ESPin=0B ESPout=0B ESPmax=2^63B \n";
	/* The lineages after capture 5, and after a conflict. */
	struct ipsecapi_pluto_lineage_entry after_restart[] = {
		{ 'i', 4, 1 }, { 'c', 3, 1 }, { 'c', 5, 1 }, { 'i', 6, 6 }, { 'c', 7, 6 },
	};
	struct ipsecapi_pluto_lineage_entry untold[] = { { 'i', 6, 0 }, { 'c', 2, 0 } };
	int bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: make_pluto_status_seeds DIR\n");
		return 2;
	}
	bad |= capture_seed(argv[1], "status-1-null-up", "status-1-null-up.txt");
	bad |= capture_seed(argv[1], "status-2-child-rekey", "status-2-child-rekey.txt");
	bad |= capture_seed(argv[1], "status-3-ike-rekey", "status-3-ike-rekey.txt");
	bad |= capture_seed(argv[1], "status-4-second-child", "status-4-second-child.txt");
	bad |= capture_seed(argv[1], "status-5-new-ike-from-b", "status-5-new-ike-from-b.txt");
	bad |= seed_file_write(argv[1], "status-instance", &status_selector, 1, instance,
			       sizeof(instance) - 1);
	bad |= record_seed(argv[1], "record-after-restart", after_restart,
			   sizeof(after_restart) / sizeof(after_restart[0]));
	bad |= record_seed(argv[1], "record-untold", untold, sizeof(untold) / sizeof(untold[0]));
	bad |= record_seed(argv[1], "record-empty", NULL, 0);
	return bad != 0;
}
