/*
 * gis_coord.h: coordinates typed by people, read into WGS84 lon/lat.
 *
 * Locations arrive as decimal degrees in either order, as degrees, minutes
 * and seconds, or as projected metres in a national grid written the
 * surveyors' way.  Every datum change goes through PROJ (no hand-written
 * datum maths), and the result says which CRS and which form the text was
 * read in, so a record can show what was understood.
 *
 * CRS names accepted wherever a crs argument is taken:
 *   "EPSG:nnnn", a PROJ string ("+proj=... ", "+type=crs" may be left
 *   out), WKT, or any name proj_create accepts, plus these short names
 *   (case, spaces, '-' and '_' do not matter):
 *   "VN2000"            VN-2000 geographic, EPSG:4756
 *   "VN2000-UTM48"      VN-2000 / UTM zone 48N, EPSG:3405 (49: EPSG:3406)
 *   "VN2000-TM3-10630"  VN-2000 / TM-3 106-30, EPSG:9213; every TM-3 zone
 *                       in PROJ's database by its central meridian,
 *                       "VN2000-TM3-dddmm", or old number, "VN2000-TM3-481".
 *
 * VN-2000 is always tied to WGS 84 by EPSG:6960, "VN-2000 to WGS 84 (2)",
 * the 7 parameters of QĐ 05/2007/QĐ-BTNMT, so that every input in that
 * datum goes through the same published shift.
 */
#ifndef GIS_COORD_H
#define GIS_COORD_H

#include <stddef.h>

#include "gis_error.h"

typedef struct gis_coord {
    double lon, lat; /* WGS84 (EPSG:4326), lon/lat order */
    char crs[64];    /* the CRS the text was read in, e.g. "EPSG:9213" */
    char form[32];   /* how the text was read, one of the forms below */
} gis_coord;

/* The forms, for messages and records (the crs tells the family):
 *   "lonlat", "latlon"  two decimal-degree values in that order (hemisphere
 *                       letters and degree marks allowed)
 *   "dms"               degrees with minutes, and maybe seconds
 *   "projected-en"      two unlabelled numbers, easting first
 *   "projected-ne"      two unlabelled numbers, northing first (VN-2000
 *                       surveyors' X, Y)
 *   "labelled-en"       E=/N= labels, in any order
 *   "labelled-xn-ye"    X=/Y= labels read as X northing, Y easting
 *                       (the VN-2000 family)
 *   "labelled-xe-yn"    X=/Y= labels read as X easting, Y northing (other
 *                       projected CRSs) */

/* The box around Vietnam (lon 102-110, lat 8-24) that tells degrees in
 * either order apart: two numbers that fit it only the other way round
 * are a swapped pair. */
int gis_coord_in_vietnam(double lon, double lat);

/* Parses text as a coordinate and transforms it to WGS84.
 *
 * crs NULL or "" means WGS84 degrees, in any of the forms below.  With a
 * geographic crs the same forms are read in that CRS's datum.
 *
 * Degrees: "105.64 21.63", "105.64, 21.63", "21.63, 105.64", "21.63 105.64".
 * Without hemisphere letters the order is told by the ranges around
 * Vietnam (lon 102 to 110, lat 8 to 24); values that fit neither order but
 * are valid lon/lat are taken as lon/lat.  Degrees, minutes and seconds:
 * 21°37'48"N 105°38'24"E, "21 37 48 N, 105 38 24 E", N21°37.8' E105°38.4',
 * with ' " or the typographic ′ ″ ’ ” marks, º or ˚ for degrees; S and W
 * negate.  A comma or semicolon between the two values is allowed, and
 * needed where they cannot otherwise be told apart.
 *
 * Projected CRSs: two numbers, metres (or the CRS's unit), either
 * unlabelled or labelled X=/Y= or E=/N= (':' or nothing for '=', and an "m"
 * after the number, are also accepted).  In the VN-2000 family (datum
 * Vietnam 2000) the text is read as Vietnamese surveyors write it: X is
 * the northing and comes first, Y the easting ("X=2392947.91
 * Y=410777.33", "2392947.91, 410777.33").  In other projected CRSs X is
 * the easting and unlabelled numbers are easting then northing; that
 * includes PROJ strings with +towgs84, whose datum has no name to tell.
 * E=/N= labels mean the same everywhere.  A point landing more than a degree
 * outside the CRS's area of use is rejected, as that is nearly always
 * swapped or mistyped numbers.
 *
 * Returns 0 and fills out, or non-zero with a message naming the text and
 * what was wrong ("not a coordinate: 'abc' ...", "latitude 95 is out of
 * range ...", "unknown CRS 'EPSG:99999': ..."). */
int gis_coord_parse(const char *text, const char *crs, gis_coord *out,
                    gis_error *err);

/* Transforms WGS84 lon/lat into crs (see above for names): x is the
 * easting and y the northing in a projected CRS, x lon and y lat in a
 * geographic one; crs NULL or "" means WGS84.  For round trips, and to
 * show surveyors their own numbers.  Returns 0, or non-zero with a
 * message. */
int gis_coord_from_wgs84(double lon, double lat, const char *crs, double *x,
                         double *y, gis_error *err);

/* Writes the name of the coordinate operation used from crs to WGS84 into
 * name (truncated to size), e.g. "Inverse of Vietnam TM-3 106-30 + VN-2000
 * to WGS 84 (2)", for records of how coordinates were converted; "PROJ's
 * choice for each point" when PROJ picks among several by the point's
 * position (not for VN-2000).  Returns 0, or non-zero with a message. */
int gis_coord_operation(const char *crs, char *name, size_t size,
                        gis_error *err);

#endif
