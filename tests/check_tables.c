/*
 * check_tables.c: the tables that hold a vocabulary in one place agree
 * with each other and with the manual: every key of the key table is in
 * ipcscope(1)'s KEYS and every key there is in the table; no key code is
 * bound twice; every action has a binding.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen/keys.h"

#define MAN1	IPCSCOPE_SRCDIR "/man/ipcscope.1"

/* The lines after each .TP of section sect in a man page. */
static int
man_terms(const char *path, const char *sect, char terms[][256], int max)
{
	FILE	*f = fopen(path, "r");
	char	 line[1024], want[64];
	int	 n = 0, in = 0, tp = 0;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	snprintf(want, sizeof want, ".SH %s\n", sect);
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, ".SH ", 4) == 0) {
			in = strcmp(line, want) == 0;
			continue;
		}
		if (!in)
			continue;
		if (tp && n < max) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(terms[n++], 256, "%.255s", line);
		}
		tp = strcmp(line, ".TP\n") == 0;
	}
	fclose(f);
	return n;
}

START_TEST(test_keys_in_man)
{
	char	terms[64][256];
	int	n, i, j;

	n = man_terms(MAN1, "KEYS", terms, 64);
	ck_assert_int_gt(n, 0);
	for (i = 0; i < keys_count; i++) {
		for (j = 0; j < n; j++) {
			if (strcmp(terms[j], keys_table[i].man) == 0)
				break;
		}
		ck_assert_msg(j < n, "key '%s' (%s) is not in ipcscope(1) KEYS "
		    "as '%s'", keys_table[i].label, keys_table[i].help,
		    keys_table[i].man);
	}
	for (j = 0; j < n; j++) {
		for (i = 0; i < keys_count; i++) {
			if (strcmp(terms[j], keys_table[i].man) == 0)
				break;
		}
		ck_assert_msg(i < keys_count, "ipcscope(1) KEYS lists '%s', "
		    "which the key table does not have", terms[j]);
	}
}
END_TEST

START_TEST(test_keys_unique)
{
	int	i, j, a, b;

	for (i = 0; i < keys_count; i++) {
		ck_assert(keys_table[i].action > KA_NONE &&
		    keys_table[i].action < KA_COUNT);
		ck_assert_ptr_nonnull(keys_table[i].help);
		ck_assert_ptr_nonnull(keys_table[i].brief);
		for (a = 0; a < KEY_CODES && keys_table[i].codes[a]; a++) {
			ck_assert_ptr_eq(keys_lookup(keys_table[i].codes[a]),
			    &keys_table[i]);
			for (j = i + 1; j < keys_count; j++) {
				for (b = 0; b < KEY_CODES &&
				    keys_table[j].codes[b]; b++)
					ck_assert_int_ne(keys_table[i].codes[a],
					    keys_table[j].codes[b]);
			}
		}
	}
	/* Every action is bound. */
	for (a = KA_NONE + 1; a < KA_COUNT; a++) {
		for (i = 0; i < keys_count && keys_table[i].action !=
		    (enum key_action)a; i++)
			;
		ck_assert_msg(i < keys_count, "action %d has no key", a);
	}
}
END_TEST

/* The overlays' order, for the controller and the view alike. */
START_TEST(test_modal_order)
{
	ck_assert_int_eq(keys_modal(true, true, true), MODAL_PICKER);
	ck_assert_int_eq(keys_modal(false, true, true), MODAL_EXPLAIN);
	ck_assert_int_eq(keys_modal(false, false, true), MODAL_HELP);
	ck_assert_int_eq(keys_modal(false, false, false), MODAL_NONE);
}
END_TEST

static Suite *
tables_suite(void)
{
	Suite	*s = suite_create("tables");
	TCase	*tc = tcase_create("keys");

	tcase_add_test(tc, test_keys_in_man);
	tcase_add_test(tc, test_keys_unique);
	tcase_add_test(tc, test_modal_order);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(tables_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
