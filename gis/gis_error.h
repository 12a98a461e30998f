/*
 * gis_error.h: the error message a gis_ or trk_ call leaves for its caller.
 *
 * Library functions never print; they return a non-zero code and, when
 * the caller passed a gis_error, leave a one-line lowercase message in it
 * (git style: "cannot open 'roads.gpkg': No such file or directory").
 * The CLI prints it.  Passing NULL means the caller does not want it.
 */
#ifndef GIS_ERROR_H
#define GIS_ERROR_H

typedef struct gis_error {
    char msg[1024];
} gis_error;

/* Sets err->msg from a printf format; does nothing when err is NULL. */
void gis_error_set(gis_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prefixes the message already in err with more context ("line 4: "). */
void gis_error_prefix(gis_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
