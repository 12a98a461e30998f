/*
 * main.c: the `tracker` executable.  Subcommands are found through a
 * table; each lives in its own cmd_*.c file with its usage text and its
 * option parsing.  Exit codes: 0 success, 1 runtime failure, 2 usage.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command *const commands[] = {
    &cmd_init,     &cmd_add,      &cmd_import,   &cmd_list,   &cmd_show,
    &cmd_allocate, &cmd_contract, &cmd_progress, &cmd_flags,  &cmd_coverage,
    &cmd_units,    &cmd_export,   &cmd_report,   &cmd_layers, &cmd_geocode,
    &cmd_where,    &cmd_places,   &cmd_map,      &cmd_demo,   NULL};

static void overview(FILE *out) {
    const cli_command *const *c;
    fputs("usage: tracker COMMAND [OPTIONS]\n\n"
          "Tracks public infrastructure works of the National Target "
          "Programme\nfor ethnic-minority and mountainous areas in huyện "
          "Đại Từ (Thái Nguyên).\n\ncommands:\n",
          out);
    for (c = commands; *c; c++)
        fprintf(out, "  %-10s %s\n", (*c)->name, (*c)->summary);
    fputs("  help       show this list, or a command's help\n\n"
          "Run 'tracker COMMAND --help' for a command's options.\n",
          out);
}

static const cli_command *find(const char *name) {
    const cli_command *const *c;
    for (c = commands; *c; c++)
        if (!strcmp((*c)->name, name))
            return *c;
    return NULL;
}

int main(int argc, char **argv) {
    const cli_command *cmd;

    if (argc < 2) {
        fputs("error: no command given\n", stderr);
        overview(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
        !strcmp(argv[1], "-h")) {
        if (argc > 2 && strcmp(argv[1], "help") == 0) {
            cmd = find(argv[2]);
            if (!cmd) {
                fprintf(stderr, "error: unknown command '%s'\n", argv[2]);
                return EXIT_USAGE;
            }
            return cli_help(cmd);
        }
        overview(stdout);
        return EXIT_OK;
    }
    cmd = find(argv[1]);
    if (!cmd) {
        fprintf(stderr, "error: unknown command '%s' (see 'tracker help')\n",
                argv[1]);
        return EXIT_USAGE;
    }
    return cmd->run(argc - 1, argv + 1);
}
