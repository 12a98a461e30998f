/*
 * trk_category.h: the kinds of works the plan's Dự án 4 (and the water
 * schemes of Dự án 1, the schools of Dự án 5) builds.  Identifiers are
 * stable (data and exports keep them); labels are Vietnamese for reports.
 */
#ifndef TRK_CATEGORY_H
#define TRK_CATEGORY_H

typedef struct trk_category {
    const char *id;
    const char *label_vi;
    const char *label_en;
    const char *oc4ids_sector; /* OC4IDS projectSector code */
    const char *budget_line;   /* the plan line that usually funds it */
    int linear;                /* usually drawn as a line */
} trk_category;

/* Terminated by an entry whose id is NULL. */
extern const trk_category trk_categories[];

/* The category with this id, or NULL. */
const trk_category *trk_category_find(const char *id);

#endif
