/*
 * trk_sample.c: loads the illustrative works through the same validation
 * as `tracker add`, so the sample is held to the rules real data meets.
 */
#include "trk_sample.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gis_ogr.h"
#include "gis_reader.h"
#include "trk_alloc.h"
#include "trk_contract.h"
#include "trk_layers.h"
#include "trk_money.h"
#include "trk_progress.h"
#include "trk_works.h"

static const char *const fields[] = {
    "code",        "name",        "category",   "work_type",
    "unit_code",   "hamlet",      "lon",        "lat",
    "line_wkt",    "budget_line", "amount_vnd", "status",
    "status_date", "investor",    "note",       NULL};
enum {
    F_CODE,
    F_NAME,
    F_CAT,
    F_TYPE,
    F_UNIT,
    F_HAMLET,
    F_LON,
    F_LAT,
    F_LINE,
    F_BL,
    F_AMOUNT,
    F_STATUS,
    F_SDATE,
    F_INV,
    F_NOTE,
    N_FIELDS
};

static const char *opt(gis_reader *r, int idx) {
    const char *v = gis_reader_text(r, idx);
    return *v ? v : NULL;
}

/* Who records the sample's allocations, contracts and events. */
#define SAMPLE_BY "demo (illustrative sample)"

/* Reads file's rows, each handed to row() with its columns looked up by
 * name; stops at the first error, which names the file and row. */
typedef int (*row_fn)(gis_db *db, gis_reader *r, gis_error *err);

static const char *col(gis_reader *r, const char *name) {
    int i = gis_reader_field_index(r, name);
    const char *v = i >= 0 ? gis_reader_text(r, i) : "";
    return *v ? v : NULL;
}

static int vnd(gis_reader *r, const char *name, int64_t *out, gis_error *err) {
    const char *v = col(r, name);
    if (!v || trk_parse_vnd(v, out)) {
        gis_error_set(err, "%s '%s' is not a number of VND", name, v ? v : "");
        return 1;
    }
    return 0;
}

static int allocation_row(gis_db *db, gis_reader *r, gis_error *err) {
    trk_alloc_input in = {0};
    in.work_code = col(r, "work_code");
    in.line = col(r, "budget_line");
    in.year = col(r, "year") ? atoi(col(r, "year")) : 0;
    in.source = col(r, "funding_source");
    in.capital = col(r, "capital_type");
    in.note = col(r, "note");
    in.by = SAMPLE_BY;
    return vnd(r, "amount_vnd", &in.amount_vnd, err) ||
           trk_allocate(db, &in, NULL, NULL, 0, err);
}

static int contract_row(gis_db *db, gis_reader *r, gis_error *err) {
    trk_contract_input in = {0};
    in.code = col(r, "code");
    in.work_code = col(r, "work_code");
    in.purpose = col(r, "purpose");
    in.contractor = col(r, "contractor");
    in.tax_code = col(r, "tax_code");
    in.method = col(r, "method");
    in.signed_on = col(r, "signed_on");
    in.due_on = col(r, "due_on");
    in.status = col(r, "status");
    in.note = col(r, "note");
    in.by = SAMPLE_BY;
    in.has_value = 1;
    return vnd(r, "value_vnd", &in.value_vnd, err) ||
           trk_contract_add(db, &in, err);
}

static int progress_row(gis_db *db, gis_reader *r, gis_error *err) {
    trk_progress_input in = {0};
    const char *pct = col(r, "physical_pct");
    in.work_code = col(r, "work_code");
    in.date = col(r, "event_date");
    in.status = col(r, "status");
    in.note = col(r, "note");
    in.by = SAMPLE_BY;
    if (pct) {
        in.has_physical = 1;
        in.physical_pct = atof(pct);
    }
    if (col(r, "disbursed_vnd")) {
        in.has_disbursed = 1;
        if (vnd(r, "disbursed_vnd", &in.disbursed_vnd, err))
            return 1;
    }
    return trk_progress_add(db, &in, NULL, err);
}

static int load_rows(gis_db *db, const char *dir, const char *file, row_fn row,
                     gis_error *err) {
    char path[1024];
    gis_reader *r = NULL;
    int rc;
    if (trk_layers_path(dir, file, path, sizeof path)) {
        gis_error_set(err, "missing layer file '%s'", file);
        return 1;
    }
    if (gis_reader_open(&r, path, NULL, err))
        return 1;
    while ((rc = gis_reader_next(r, err)) == 1)
        if (row(db, r, err)) {
            gis_error_prefix(err, "%s, %s: ", file, gis_reader_where(r));
            rc = -1;
            break;
        }
    gis_reader_close(r);
    return rc < 0;
}

int trk_sample_load(gis_db *db, const char *dir, int *count, gis_error *err) {
    const char *file = "sample-works.csv";
    char path[1024], *end;
    gis_reader *r = NULL;
    int idx[N_FIELDS], i, rc, ret = 1;

    *count = 0;
    gis_ogr_init();
    if (trk_layers_path(dir, file, path, sizeof path)) {
        gis_error_set(err, "missing layer file '%s'", file);
        return 1;
    }
    if (gis_reader_open(&r, path, NULL, err))
        return 1;
    for (i = 0; i < N_FIELDS; i++)
        if ((idx[i] = gis_reader_field_index(r, fields[i])) < 0) {
            gis_error_set(err, "%s: no column '%s'", file, fields[i]);
            goto done;
        }
    if (gis_db_begin(db, err))
        goto done;
    while ((rc = gis_reader_next(r, err)) == 1) {
        trk_work_input in = {0};
        in.code = opt(r, idx[F_CODE]);
        in.name = opt(r, idx[F_NAME]);
        in.category = opt(r, idx[F_CAT]);
        in.work_type = opt(r, idx[F_TYPE]);
        in.unit_code = opt(r, idx[F_UNIT]);
        in.as_of = "2022-10-11"; /* the sample names the plan's units */
        in.hamlet = opt(r, idx[F_HAMLET]);
        in.line = opt(r, idx[F_LINE]);
        in.budget_line = opt(r, idx[F_BL]);
        in.status = opt(r, idx[F_STATUS]);
        in.status_date = opt(r, idx[F_SDATE]);
        in.investor = opt(r, idx[F_INV]);
        in.note = opt(r, idx[F_NOTE]);
        in.illustrative = 1;
        /* Made-up places near the unit centre: only the unit is meant. */
        in.precision_code = 3;
        if (!in.line) {
            in.lon = strtod(gis_reader_text(r, idx[F_LON]), &end);
            in.has_point = *end == '\0';
            in.lat = strtod(gis_reader_text(r, idx[F_LAT]), &end);
            if (!in.has_point || *end != '\0') {
                gis_error_set(err, "%s, %s: lon/lat are not numbers", file,
                              gis_reader_where(r));
                goto fail;
            }
        }
        if (in.budget_line &&
            trk_parse_vnd(gis_reader_text(r, idx[F_AMOUNT]), &in.amount_vnd)) {
            gis_error_set(err, "%s, %s: amount_vnd '%s' is not a number", file,
                          gis_reader_where(r),
                          gis_reader_text(r, idx[F_AMOUNT]));
            goto fail;
        }
        if (trk_work_add(db, &in, NULL, 0, err)) {
            gis_error_prefix(err, "%s, %s: ", file, gis_reader_where(r));
            goto fail;
        }
        (*count)++;
    }
    /* The money, contracts and progress of the sample works. */
    if (rc < 0 ||
        load_rows(db, dir, "sample-allocations.csv", allocation_row, err) ||
        load_rows(db, dir, "sample-contracts.csv", contract_row, err) ||
        load_rows(db, dir, "sample-progress.csv", progress_row, err) ||
        gis_db_commit(db, err))
        goto fail;
    ret = 0;
    goto done;
fail:
    gis_db_rollback(db);
done:
    gis_reader_close(r);
    return ret;
}
