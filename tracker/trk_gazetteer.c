/*
 * trk_gazetteer.c: the names of places, from the tables that own them.
 * Units are named without their kind ("La Bằng"); their full names ("Xã
 * La Bằng") are names too, so either form finds them.  Former hamlet names
 * and aliases stay findable, marked as such.
 */
#include "trk_gazetteer.h"

static const char rebuild_sql[] =
    "DELETE FROM gazetteer_name;"
    "INSERT INTO gazetteer_name (feature_type, feature_id, level, name,"
    " display, name_kind, key, words)"
    " SELECT 'unit', id, 'commune', name, full_name, 'name', name_key(name),"
    " name_words(name) FROM admin_unit"
    " UNION ALL SELECT 'unit', id, 'commune', full_name, full_name,"
    " 'full_name', name_key(full_name), name_words(full_name) FROM"
    " admin_unit"
    " UNION ALL SELECT 'hamlet', id, 'hamlet', name, name, CASE status WHEN"
    " 'former' THEN 'former' ELSE 'name' END, name_key, name_words(name)"
    " FROM hamlet"
    " UNION ALL SELECT 'hamlet', hamlet_id, 'hamlet', alias, alias, 'alias',"
    " alias_key, name_words(alias) FROM hamlet_alias"
    " UNION ALL SELECT 'place', id, 'place', name, name, 'name',"
    " name_key(name), name_words(name) FROM place"
    /* The district: by its bare name, the way people write it. */
    " UNION ALL SELECT 'outline', id, 'district', replace(name, 'Huyện ',"
    " ''), name, 'name', name_key(replace(name, 'Huyện ', '')),"
    " name_words(replace(name, 'Huyện ', '')) FROM outline;";

int trk_gazetteer_rebuild(gis_db *db, gis_error *err) {
    if (gis_db_begin(db, err))
        return 1;
    if (gis_db_exec(db, rebuild_sql, err)) {
        gis_db_rollback(db);
        gis_error_prefix(err, "cannot rebuild the gazetteer: ");
        return 1;
    }
    return gis_db_commit(db, err);
}
