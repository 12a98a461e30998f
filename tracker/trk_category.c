/*
 * trk_category.c: the category codelist.  Sectors follow OC4IDS's
 * projectSector codelist; markets count as economy, community houses and
 * radio relays as culture, sport and recreation.
 */
#include "trk_category.h"

#include <string.h>

const trk_category trk_categories[] = {
    {"rural_road", "Đường giao thông nông thôn", "rural road", "transport.road",
     "da4-tda1", 1},
    {"road_to_commune_centre", "Đường đến trung tâm xã",
     "road to a commune centre", "transport.road", "da4-tda1", 1},
    {"inter_commune_road", "Đường liên xã", "inter-commune road",
     "transport.road", "da4-tda1", 1},
    {"bridge", "Cầu dân sinh", "footbridge or small bridge", "transport.road",
     "da4-tda1", 0},
    {"market", "Chợ", "market", "economy", "da4-tda1", 0},
    {"health_station", "Trạm y tế xã", "commune health station", "health",
     "da4-tda1", 0},
    {"school", "Trường, lớp học", "school or classrooms", "education",
     "da4-tda1", 0},
    {"community_house", "Nhà sinh hoạt cộng đồng", "community house",
     "cultureSportsAndRecreation", "da4-tda1", 0},
    {"power", "Công trình điện", "power supply", "energy", "da4-tda1", 1},
    {"irrigation", "Công trình thủy lợi nhỏ", "small irrigation",
     "waterAndWaste", "da4-tda1", 1},
    {"radio_relay", "Trạm chuyển tiếp phát thanh xã", "commune radio relay",
     "cultureSportsAndRecreation", "da4-tda1", 0},
    {"water_supply", "Công trình nước sinh hoạt tập trung",
     "piped water scheme", "waterAndWaste", "da1", 0},
    {"maintenance", "Duy tu, bảo dưỡng công trình",
     "maintenance of an earlier work", "transport.road", "da4-tda1", 0},
    {"other", "Công trình hạ tầng quy mô nhỏ khác",
     "other small infrastructure", "cultureSportsAndRecreation", "da4-tda1", 0},
    {NULL, NULL, NULL, NULL, NULL, 0}};

const trk_category *trk_category_find(const char *id) {
    const trk_category *c;
    for (c = trk_categories; c->id; c++)
        if (!strcmp(c->id, id))
            return c;
    return NULL;
}
