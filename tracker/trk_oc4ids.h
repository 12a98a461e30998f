/*
 * trk_oc4ids.h: the works as an Open Contracting for Infrastructure Data
 * Standard (OC4IDS) 0.9.5 project package, one project per work, for
 * anyone who reads that standard rather than our own layers.
 */
#ifndef TRK_OC4IDS_H
#define TRK_OC4IDS_H

#include "gis_db.h"

/* The prefix of every project id ("oc4ids-dt227-" + the work's code).
 * OC4IDS asks for a project identifier prefix registered with the Open
 * Contracting Partnership; the district has none yet, so this one is
 * provisional: change it here once one is registered. */
#define TRK_OC4IDS_PREFIX "oc4ids-dt227-"

/* Writes every work of db, ordered by code, as an OC4IDS 0.9.5 project
 * package (JSON, UTF-8) to path, replacing it only once the whole file is
 * written.
 *
 * uri is the package's uri; NULL gives "urn:oc4ids-dt227:package:" and
 * the date published (a publisher should give where the file will live).
 * publishedDate is $TRACKER_TODAY (YYYY-MM-DD) at 00:00 Vietnam time when
 * that is set, so tests are deterministic, else the time now in UTC.
 *
 * *projects (may be NULL) receives the number of projects written.  A
 * database without works is an error ("no works to export"): the package
 * schema wants at least one project.  Returns 0, or 1 with err set; the
 * database is only read. */
int trk_export_oc4ids(gis_db *db, const char *path, const char *uri,
                      long *projects, gis_error *err);

#endif
