/*
 * cmd_contract.c: `tracker contract add|update|list`.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "trk_contract.h"
#include "trk_db.h"
#include "trk_parse.h"

static int run(int argc, char **argv);

const cli_command cmd_contract = {
    "contract", run, "add, update or list contracts of works",
    "usage: tracker contract add NUMBER --work WORK --contractor NAME "
    "[FIELDS]\n"
    "       tracker contract update NUMBER [FIELDS]\n"
    "       tracker contract list [--work WORK] [--format table|csv|json]\n"
    "\n"
    "A work may have several contracts (design, construction, supervision).\n"
    "NUMBER is the contract's own number (số hợp đồng), unique.\n"
    "\n"
    "fields:\n"
    "  --contractor NAME   the contractor (nhà thầu)\n"
    "  --tax-code MST      its tax code: 10 digits, or 13 with the branch\n"
    "                      (0101234567-001)\n"
    "  --method M          open (đấu thầu rộng rãi), limited (hạn chế),\n"
    "                      direct (chỉ định thầu), community (cộng đồng\n"
    "                      thực hiện), other\n"
    "  --purpose P         design, construction (default), supervision,\n"
    "                      goods, other\n"
    "  --value AMOUNT      contract value (VND, '850 triệu', '1,2 tỷ')\n"
    "  --signed D          signing date (YYYY-MM-DD or dd/mm/yyyy)\n"
    "  --due D             due date\n"
    "  --status S          OCDS: pending (default), active, cancelled,\n"
    "                      terminated; moves pending -> active ->\n"
    "                      terminated, or to cancelled\n"
    "  --title TEXT        what the contract is for\n"
    "  --note TEXT\n"
    "  --by WHO            who records it (default: $TRACKER_USER, $USER)\n"
    "\n"
    "options:\n" CLI_DB_HELP
    "  --format F          table (default), csv or json (list)\n"};

/* Dates as officials write them, stored as YYYY-MM-DD. */
static int take_date(const char *opt, const char *text, char out[11],
                     const char **field) {
    char why[256];
    if (trk_parse_date(text, out, why, sizeof why))
        return cli_usage_error(&cmd_contract, "%s: %s", opt, why);
    *field = out;
    return 0;
}

static int run(int argc, char **argv) {
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"work", required_argument, NULL, 'w'},
        {"contractor", required_argument, NULL, 'c'},
        {"tax-code", required_argument, NULL, 'T'},
        {"method", required_argument, NULL, 'm'},
        {"purpose", required_argument, NULL, 'p'},
        {"value", required_argument, NULL, 'v'},
        {"signed", required_argument, NULL, 'S'},
        {"due", required_argument, NULL, 'D'},
        {"status", required_argument, NULL, 's'},
        {"title", required_argument, NULL, 't'},
        {"note", required_argument, NULL, 'n'},
        {"by", required_argument, NULL, 'b'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *path = trk_default_db_path(), *action;
    trk_contract_input in = {0};
    cli_format format = CLI_TABLE;
    char signed_on[11], due_on[11];
    gis_db *db;
    gis_error err;
    int c, rc, fields = 0;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        fields += c != 'd' && c != 'f' && c != 'b' && c != 'w';
        switch (c) {
        case 'd':
            path = optarg;
            break;
        case 'w':
            in.work_code = optarg;
            break;
        case 'c':
            in.contractor = optarg;
            break;
        case 'T':
            in.tax_code = optarg;
            break;
        case 'm':
            in.method = optarg;
            break;
        case 'p':
            in.purpose = optarg;
            break;
        case 'v':
            if ((rc = cli_parse_vnd(&cmd_contract, "--value", optarg,
                                    &in.value_vnd)))
                return rc;
            in.has_value = 1;
            break;
        case 'S':
            if ((rc = take_date("--signed", optarg, signed_on, &in.signed_on)))
                return rc;
            break;
        case 'D':
            if ((rc = take_date("--due", optarg, due_on, &in.due_on)))
                return rc;
            break;
        case 's':
            in.status = optarg;
            break;
        case 't':
            in.title = optarg;
            break;
        case 'n':
            in.note = optarg;
            break;
        case 'b':
            in.by = optarg;
            break;
        case 'f':
            if ((rc = cli_opt_format(&cmd_contract, optarg, 1, &format)))
                return rc;
            break;
        case 'h':
            return cli_help(&cmd_contract);
        default:
            return cli_option_error(&cmd_contract, c, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error(&cmd_contract, "give add, update or list");
    action = argv[optind];
    if (!strcmp(action, "list")) {
        if (optind != argc - 1 || fields)
            return cli_usage_error(&cmd_contract,
                                   "list takes only --work and --format");
        if (!(db = cli_open_db(path)))
            return EXIT_RUNTIME;
        rc = cli_print_sql(
            db,
            "SELECT c.code AS contract, w.code AS work, c.purpose,"
            " c.contractor, c.contractor_tax_code AS tax_code, c.method,"
            " c.value_vnd, million_vi(c.value_vnd) AS million_vnd,"
            " c.signed_on, c.due_on, c.status, c.title FROM contract c"
            " JOIN work w ON w.id = c.work_id WHERE ?1 IS NULL OR w.code ="
            " ?1 ORDER BY w.code, c.signed_on, c.code",
            in.work_code, format);
        gis_db_close(db);
        return rc;
    }
    if (strcmp(action, "add") && strcmp(action, "update"))
        return cli_usage_error(&cmd_contract, "'%s' is not add, update or list",
                               action);
    if (optind != argc - 2)
        return cli_usage_error(&cmd_contract, "give the contract NUMBER");
    in.code = argv[optind + 1];
    if (!strcmp(action, "add") && !in.work_code)
        return cli_usage_error(&cmd_contract, "add needs --work WORK");
    if (!strcmp(action, "update") && !fields && !in.work_code)
        return cli_usage_error(&cmd_contract, "update needs a field to change");
    if (!(db = cli_open_db(path)))
        return EXIT_RUNTIME;
    rc = !strcmp(action, "add") ? trk_contract_add(db, &in, &err)
                                : trk_contract_update(db, &in, &err);
    gis_db_close(db);
    if (rc)
        return cli_error("%s", err.msg);
    printf("%s contract %s\n", !strcmp(action, "add") ? "added" : "updated",
           in.code);
    return EXIT_OK;
}
