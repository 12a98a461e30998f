/*
 * gis_placename.h: a place as people write it in Vietnam ("xóm Đồng Đình,
 * xã La Bằng", "TT.Hùng Sơn", "X. Cù Vân H. Đại Từ") split into parts,
 * each with the level its prefix names and a key for matching.
 */
#ifndef GIS_PLACENAME_H
#define GIS_PLACENAME_H

typedef enum {
    GIS_LEVEL_ANY = 0,  /* no prefix: could be any level */
    GIS_LEVEL_HAMLET,   /* thôn, xóm, bản, tổ dân phố */
    GIS_LEVEL_COMMUNE,  /* xã, X., thị trấn, TT., phường, P. */
    GIS_LEVEL_DISTRICT, /* huyện, H. */
    GIS_LEVEL_PROVINCE  /* tỉnh */
} gis_level;

typedef struct gis_name_part {
    gis_level level;
    char kind; /* for communes, the kind its prefix named: 'x' xã, 't' thị
                  trấn, 'p' phường; '\0' when unsaid */
    char key[128];   /* the name without its prefix, as a key ("labang") */
    char whole[160]; /* the key with the prefix words: names may begin
                        with one ("Bản Ngoại" is a commune) */
    char words[160]; /* the name's folded words ("la bang") */
} gis_name_part;

/* Splits utf8 into at most max parts, in the order written; *n receives
 * the count.  Returns 0, or 1 when the text is not valid UTF-8 or has no
 * name in it. */
int gis_placename_parse(const char *utf8, gis_name_part *parts, int max,
                        int *n);

/* "xã", "thôn" ...: a level's name, for messages. */
const char *gis_level_name(gis_level level);

#endif
