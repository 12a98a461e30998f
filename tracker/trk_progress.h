/*
 * trk_progress.h: progress events of a work, append-only.
 *
 * Each event records a date, and any of: an OC4IDS project status,
 * physical progress (%), disbursement to date (cumulative VND), a note;
 * with who recorded it and when.  The work's state is derived from its
 * events (view work_state).  Nothing is edited: a correction is a new
 * event marked as one, with a note saying why.
 *
 * Status moves along identification -> preparation -> implementation ->
 * completion -> maintenance -> decommissioning -> decommissioned, one
 * step at a time (or staying), or to cancelled before completion.
 * Physical progress and disbursement never go down and the status never
 * jumps, except in a correction; no event is dated before the latest one
 * nor before the work's start.
 */
#ifndef TRK_PROGRESS_H
#define TRK_PROGRESS_H

#include <stdint.h>

#include "gis_db.h"

typedef struct trk_progress_input {
    const char *work_code;
    const char *date; /* YYYY-MM-DD */
    const char *status;
    int has_physical;
    double physical_pct;
    int has_disbursed;
    int64_t disbursed_vnd; /* to date */
    const char *note;
    int correction; /* needs a note */
    const char *by;
} trk_progress_input;

int trk_progress_add(gis_db *db, const trk_progress_input *in, int64_t *id,
                     gis_error *err);

/* 1 when a work may go from status from (NULL: none yet) to to. */
int trk_status_may_move(const char *from, const char *to);

#endif
