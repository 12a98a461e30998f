/*
 * trk_alloc.h: money allocated to works from the plan's budget lines.
 *
 * A work may draw on several lines, years, sources and capital types.
 * The plan caps two things: each line's amount per source (227/KH-UBND
 * gives central and local per line) and each source's amount per capital
 * type (its section III).  An allocation that would pass either cap is
 * refused with the figures, unless forced; a forced one records the
 * override and its figures with the allocation.
 */
#ifndef TRK_ALLOC_H
#define TRK_ALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "gis_db.h"

typedef struct trk_alloc_input {
    const char *work_code;
    const char *line;    /* budget_line id, e.g. da4-tda1 */
    int64_t amount_vnd;  /* > 0 */
    int year;            /* 0: the plan's year */
    const char *source;  /* central | local */
    const char *capital; /* investment | recurrent */
    int force;           /* record even past the plan's caps */
    const char *note;
    const char *by; /* who records it */
} trk_alloc_input;

/* Checks and records one allocation; *id receives its row id.  When
 * forced past a cap, override (may be NULL) receives the figures that
 * were overridden; "" otherwise. */
int trk_allocate(gis_db *db, const trk_alloc_input *in, int64_t *id,
                 char *override, size_t override_size, gis_error *err);

/* Allocations recorded in a batch (an import) meet the caps trk_allocate
 * applies, over the batch as a whole: trk_alloc_batch_begin notes what
 * every line holds, inside the batch's transaction; after the batch,
 * trk_alloc_batch_over writes into over the figures of every line (per
 * source, or over all sources for allocations of unknown source) that
 * the batch took past its plan, "" when none.  A line already over its
 * plan by a recorded override counts only for what the batch adds. */
int trk_alloc_batch_begin(gis_db *db, gis_error *err);
int trk_alloc_batch_over(gis_db *db, char *over, size_t n, gis_error *err);

/* Who records a change: by when given, else $TRACKER_USER, else $USER,
 * else "unknown". */
const char *trk_recorder(const char *by);

#endif
