/*
 * trk_flags.h: what an official should look at, per work.
 *
 *   past_due          past its end date (or its contract's due date) and
 *                     not complete
 *   disbursed_ahead   disbursed share of its value ahead of its physical
 *                     progress by more than the setting's points
 *   over_allocation   contracts (not cancelled; terminated ones ran their
 *                     course and count) worth more
 *                     than the money allocated to the work
 *   stalled           in preparation or implementation with no event for
 *                     the setting's number of days
 *   no_contract       allocated money for a year, past that year's
 *                     contract_by day, and no contract
 *
 * The thresholds live in the setting table (stalled_days, contract_by,
 * disbursed_ahead_points).  trk_flags_view makes them a TEMP view for the
 * connection, so every report and export joins the same rules:
 *
 *   temp.work_flag(work_id, flag, label_vi, detail)
 *   temp.flags_day(today)
 */
#ifndef TRK_FLAGS_H
#define TRK_FLAGS_H

#include "gis_db.h"

/* (Re)creates temp.work_flag for the day today (YYYY-MM-DD; NULL: the
 * date now, or $TRACKER_TODAY when set, so tests can fix the day). */
int trk_flags_view(gis_db *db, const char *today, gis_error *err);

/* The day flags are computed for: today when given, else $TRACKER_TODAY,
 * else the date now.  out holds 11 bytes. */
void trk_flags_today(const char *today, char out[11]);

#endif
