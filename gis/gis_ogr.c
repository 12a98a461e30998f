/*
 * gis_ogr.c: one place that starts GDAL, so every reader and writer sees
 * the same drivers and the same quiet error handling.
 */
#include "gis_ogr.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>

void gis_ogr_init(void) {
    static int done;
    if (done)
        return;
    done = 1;
    GDALAllRegister();
    /* Spreadsheets whose cells are all text give GDAL no way to tell the
     * header row; every table this library reads has one. */
    CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
    CPLSetConfigOption("OGR_ODS_HEADERS", "FORCE");
    /* Messages stay available through CPLGetLastErrorMsg(); only the tool
     * decides what reaches the user. */
    CPLSetErrorHandler(CPLQuietErrorHandler);
}

const char *gis_ogr_last_error(void) {
    const char *m = CPLGetLastErrorMsg();
    return m ? m : "";
}

OGRSpatialReferenceH gis_ogr_wgs84(void) {
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    if (!srs)
        return NULL;
    if (OSRImportFromEPSG(srs, 4326) != OGRERR_NONE) {
        OSRDestroySpatialReference(srs);
        return NULL;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}
