/*
 * trk_flags.c: the flag rules as one SQL view over works, allocations,
 * contracts and progress events.
 */
#include "trk_flags.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trk_parse.h"

void trk_flags_today(const char *today, char out[11]) {
    const char *env = getenv("TRACKER_TODAY");
    time_t now;
    struct tm tm;
    if (today && *today) {
        snprintf(out, 11, "%s", today);
        return;
    }
    if (env && strlen(env) == 10) {
        snprintf(out, 11, "%s", env);
        return;
    }
    now = time(NULL);
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* %1$s is the day, checked by the caller (digits and dashes only). */
static const char view_sql[] =
    "DROP VIEW IF EXISTS temp.flags_day;\n"
    "CREATE TEMP VIEW flags_day AS SELECT '%1$s' AS today;\n"
    "DROP VIEW IF EXISTS temp.work_flag;\n"
    "CREATE TEMP VIEW work_flag AS\n"
    "WITH t(today) AS (SELECT '%1$s'),\n"
    "s AS (SELECT\n"
    "  coalesce((SELECT CAST(value AS INTEGER) FROM setting WHERE key ="
    " 'stalled_days'), 90) AS stalled_days,\n"
    "  coalesce((SELECT value FROM setting WHERE key = 'contract_by'),"
    " '07-01') AS contract_by,\n"
    "  coalesce((SELECT CAST(value AS REAL) FROM setting WHERE key ="
    " 'disbursed_ahead_points'), 10) AS ahead_points),\n"
    "m AS (SELECT w.id AS work_id, w.end_date, st.status, st.physical_pct,\n"
    "  st.disbursed_vnd, st.last_report,\n"
    "  (SELECT sum(amount_vnd) FROM allocation a WHERE a.work_id = w.id)"
    " AS allocated_vnd,\n"
    "  (SELECT sum(value_vnd) FROM contract c WHERE c.work_id = w.id AND"
    " c.status <> 'cancelled') AS contracted_vnd,\n"
    "  (SELECT count(*) FROM contract c WHERE c.work_id = w.id AND c.status"
    " <> 'cancelled') AS contracts,\n"
    "  (SELECT max(due_on) FROM contract c WHERE c.work_id = w.id AND"
    " c.status IN ('pending','active')) AS contract_due,\n"
    "  (SELECT min(year) FROM allocation a WHERE a.work_id = w.id AND"
    " a.amount_vnd > 0) AS first_year\n"
    "  FROM work w LEFT JOIN work_state st ON st.work_id = w.id),\n"
    "open AS (SELECT * FROM m WHERE coalesce(status, '') NOT IN"
    " ('completion','maintenance','decommissioning','decommissioned',"
    "'cancelled'))\n"
    "SELECT work_id, 'past_due' AS flag, 'Quá hạn, chưa hoàn thành' AS"
    " label_vi, 'due ' || coalesce(end_date, contract_due) || ', status '"
    " || coalesce(status, 'unknown') AS detail FROM open, t WHERE"
    " coalesce(end_date, contract_due) < t.today\n"
    "UNION ALL\n"
    "SELECT work_id, 'disbursed_ahead', 'Giải ngân vượt tiến độ',"
    " printf('disbursed %%.1f%%%% of %%s million VND, physical %%.1f%%%%',"
    " 100.0 * disbursed_vnd / coalesce(contracted_vnd, allocated_vnd),"
    " million_vi(coalesce(contracted_vnd, allocated_vnd)),"
    " coalesce(physical_pct, 0))"
    " FROM m, s WHERE disbursed_vnd > 0 AND coalesce(contracted_vnd,"
    " allocated_vnd) > 0 AND 100.0 * disbursed_vnd / coalesce(contracted_vnd,"
    " allocated_vnd) > coalesce(physical_pct, 0) + s.ahead_points\n"
    "UNION ALL\n"
    "SELECT work_id, 'over_allocation', 'Giá trị hợp đồng vượt vốn bố trí',"
    " 'contracts ' || million_vi(contracted_vnd) || ', allocated ' ||"
    " million_vi(coalesce(allocated_vnd, 0)) || ' million VND' FROM m"
    " WHERE contracted_vnd >"
    " coalesce(allocated_vnd, 0)\n"
    "UNION ALL\n"
    "SELECT work_id, 'stalled', 'Chậm, không có báo cáo',"
    " printf('no event since %%s (%%d days)', last_report,"
    " CAST(julianday(t.today) - julianday(last_report) AS INTEGER)) FROM"
    " open, s, t WHERE status IN"
    " ('preparation','implementation') AND julianday(t.today) -"
    " julianday(last_report) > s.stalled_days\n"
    "UNION ALL\n"
    "SELECT work_id, 'no_contract', 'Đã bố trí vốn, chưa ký hợp đồng',"
    " 'allocated for ' || first_year || ', no contract by ' || first_year"
    " || '-' || s.contract_by FROM open, s, t WHERE first_year IS NOT NULL"
    " AND contracts = 0 AND t.today >= first_year || '-' ||"
    " s.contract_by;\n";

int trk_flags_view(gis_db *db, const char *today, gis_error *err) {
    char day[11], parsed[11], why[128], *sql;
    int rc;
    trk_flags_today(today, day);
    /* Pasted into the view below: a real date, digits and dashes only. */
    if (trk_parse_date(day, parsed, why, sizeof why) || strcmp(parsed, day) ||
        strspn(day, "0123456789-") != 10) {
        gis_error_set(err, "'%s' is not a date (YYYY-MM-DD)%s", day,
                      today ? "" : " ($TRACKER_TODAY)");
        return 1;
    }
    sql = malloc(sizeof view_sql + 16);
    if (!sql) {
        gis_error_set(err, "out of memory");
        return 1;
    }
    snprintf(sql, sizeof view_sql + 16, view_sql, day);
    rc = gis_db_exec(db, sql, err);
    free(sql);
    return rc;
}
