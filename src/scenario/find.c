/* find.c: scenarios by path or NAME, and the list of built-in ones. */
#include "config.h"

#include "scenario/scenario.h"
#include "base/util.h"

#ifndef IPCSCOPE_DATADIR
#define IPCSCOPE_DATADIR	"/usr/local/share/ipcscope/scenarios"
#endif

/* Scenarios: NAME.ini, see scenario_find() in scenario.h. */
static const struct util_data scen_data = {
	"IPCSCOPE_PATH", "scenarios", IPCSCOPE_DATADIR, ".ini"
};

char *
scenario_find(const char *name)
{
	return util_data_find(&scen_data, name);
}

int
scenario_list(char ***pathsp, char ***namesp)
{
	return util_data_list(&scen_data, pathsp, namesp);
}
