/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * For builds without libFuzzer (gcc): runs a fuzz target once on each file
 * given, or on each file in each directory given, so the seeds and past
 * findings stay regression tests everywhere.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long size;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		perror(path);
		goto fail;
	}
	buf = malloc(size > 0 ? (size_t)size : 1);
	if (buf == NULL || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		perror(path);
		goto fail;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)size);
	free(buf);
	return 0;
fail:
	free(buf);
	if (f != NULL) {
		fclose(f);
	}
	return -1;
}

int main(int argc, char **argv)
{
	unsigned runs = 0;
	int i;

	for (i = 1; i < argc; i++) {
		struct stat st;
		DIR *dir;
		struct dirent *e;

		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (run_file(argv[i]) != 0) {
				return 1;
			}
			runs++;
			continue;
		}
		dir = opendir(argv[i]);
		if (dir == NULL) {
			perror(argv[i]);
			return 1;
		}
		while ((e = readdir(dir)) != NULL) {
			char path[4096];

			if (e->d_name[0] == '.') {
				continue;
			}
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			if (run_file(path) != 0) {
				closedir(dir);
				return 1;
			}
			runs++;
		}
		closedir(dir);
	}
	printf("replayed %u inputs\n", runs);
	return runs > 0 ? 0 : 1;
}
