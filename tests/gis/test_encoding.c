/*
 * test_encoding.c: an office CSV of Vietnamese works, saved in each
 * encoding offices use, is recognised and comes back as the same UTF-8
 * NFC text.  The encoded forms are made here with iconv and utf8proc, so
 * the test needs no fixture files; a few byte strings are written out to
 * pin what glibc produces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "gis_encoding.h"

static const char header[] = "STT,Tên công trình,Loại công trình,Xã,Thôn/xóm,"
                             "Tổng mức đầu tư (triệu đồng),Ghi chú\r\n";

static const char rows[] =
    "1,Đường GTNT xóm Đồng Kem,Đường giao thông,Phú Xuyên,Đồng Kem,"
    "\"1.250,5\",Nâng cấp mặt đường bê tông\r\n"
    "2,Nhà văn hóa xóm Quân Chu,Nhà văn hóa,Quân Chu,Xóm Chợ,\"850\","
    "Xây mới\r\n"
    "3,Trường mầm non Hùng Sơn,Trường học,Hùng Sơn,Tiểu khu Sơn Tây,"
    "\"3.400\",Xây thêm phòng học\r\n"
    "4,Kênh mương nội đồng La Bằng,Thủy lợi,La Bằng,Đồng Tiến,\"620,75\","
    "Kiên cố hóa kênh\r\n"
    "5,Cầu tràn Phục Linh,Cầu,Phục Linh,Đồng Cả,\"1.980\",Làm mới cầu tràn\r\n"
    "6,Trạm y tế xã Phúc Lương,Y tế,Phúc Lương,Khuôn Lân,\"2.100\","
    "Sửa chữa nhà trạm\r\n"
    "7,Đường bê tông thôn Phú Lạc,Đường giao thông,Phú Lạc,Đầm Giáo,\"745\","
    "Ủy ban xã làm chủ đầu tư\r\n"
    "8,Sân thể thao Mỹ Yên,Thể thao,Mỹ Yên,Đồng Đình,\"390\",Lát gạch sân\r\n"
    "9,Hồ chứa nước Văn Yên,Thủy lợi,Văn Yên,Khuôn Nanh,\"4.500\","
    "Nạo vét lòng hồ\r\n"
    "10,Chợ trung tâm Đức Lương,Chợ,Đức Lương,Đồng Tâm,\"1.100\","
    "Cải tạo mái che\r\n"
    "11,Đường liên xóm Hoàng Nông,Đường giao thông,Hoàng Nông,Đồng Chùa,"
    "\"980,25\",Mở rộng nền đường\r\n"
    "12,Nhà văn hóa Bản Ngoại,Nhà văn hóa,Bản Ngoại,Đồng Thịnh,\"700\","
    "Xây mới, chưa quyết toán\r\n"
    "13,Trường tiểu học Tân Linh,Trường học,Tân Linh,Đồng Quan,\"2.750\","
    "Nhà lớp học hai tầng\r\n"
    "14,Cống qua đường Yên Lãng,Thủy lợi,Yên Lãng,Đồng Cẩm,\"310\","
    "Thay ống cống\r\n"
    "15,Đường nội thôn Minh Tiến,Đường giao thông,Minh Tiến,Phú Minh,"
    "\"1.420\",Rải nhựa\r\n"
    "16,Trạm bơm Na Mao,Thủy lợi,Na Mao,Lục Ba,\"560\",Thay máy bơm\r\n"
    "17,Nhà văn hóa Tiên Hội,Nhà văn hóa,Tiên Hội,Đồng Khuân,\"640\","
    "Sửa mái\r\n"
    "18,Kè suối Cù Vân,Thủy lợi,Cù Vân,Thống Nhất,\"2.300\","
    "Kè chống sạt lở\r\n";

/* The whole CSV, header and rows, in UTF-8 NFC; freed by free(). */
static char *office_csv(size_t *n) {
    char *s = malloc(sizeof header + sizeof rows);
    assert_non_null(s);
    strcpy(s, header);
    strcat(s, rows);
    *n = strlen(s);
    return s;
}

/* Recodes with iconv, as another program would have saved the file. */
static unsigned char *recode(const char *to, const char *from, const void *in,
                             size_t n, size_t *outn) {
    iconv_t cd = iconv_open(to, from);
    size_t cap = n * 4 + 16, inleft = n, outleft = cap;
    char *ip = (char *)in, *out, *o;

    assert_true(cd != (iconv_t)-1);
    out = o = malloc(cap);
    assert_non_null(out);
    assert_true(iconv(cd, &ip, &inleft, &o, &outleft) != (size_t)-1);
    assert_true(iconv(cd, NULL, NULL, &o, &outleft) != (size_t)-1);
    iconv_close(cd);
    *outn = (size_t)(o - out);
    return (unsigned char *)out;
}

/* bom followed by the bytes; freed by free(). */
static unsigned char *with_bom(const char *bom, const unsigned char *b,
                               size_t n, size_t *outn) {
    size_t blen = strlen(bom);
    unsigned char *out = malloc(blen + n);
    assert_non_null(out);
    memcpy(out, bom, blen);
    memcpy(out + blen, b, n);
    *outn = blen + n;
    return out;
}

/* bytes are detected as want and convert back to exactly utf8. */
static void round_trip(const unsigned char *bytes, size_t n, gis_encoding want,
                       const char *utf8) {
    gis_error err = {""};
    char *out = NULL;
    size_t outn = 0;

    assert_string_equal(gis_encoding_name(gis_encoding_detect(bytes, n)),
                        gis_encoding_name(want));
    assert_int_equal(gis_encoding_to_utf8(bytes, n, want, &out, &outn, &err),
                     0);
    assert_non_null(out);
    assert_int_equal(outn, strlen(utf8));
    assert_int_equal(strlen(out), outn);
    assert_string_equal(out, utf8);
    free(out);
}

/* The conversion fails with a message holding `part`. */
static void fails(const unsigned char *bytes, size_t n, gis_encoding e,
                  const char *part) {
    gis_error err = {""};
    char *out = (char *)"x";
    size_t outn = 9;

    assert_int_equal(gis_encoding_to_utf8(bytes, n, e, &out, &outn, &err), 1);
    assert_null(out);
    assert_int_equal(outn, 0);
    if (!strstr(err.msg, part))
        fail_msg("message '%s' lacks '%s'", err.msg, part);
}

static void test_fixture_is_nfc(void **state) {
    size_t n;
    char *csv = office_csv(&n);
    utf8proc_uint8_t *composed = NULL;
    (void)state;
    assert_true(utf8proc_map((const utf8proc_uint8_t *)csv, 0, &composed,
                             UTF8PROC_NULLTERM | UTF8PROC_STABLE |
                                 UTF8PROC_COMPOSE) > 0);
    assert_string_equal((char *)composed, csv);
    free(composed);
    free(csv);
}

static void test_names(void **state) {
    (void)state;
    assert_string_equal(gis_encoding_name(GIS_ENC_ASCII), "ASCII");
    assert_string_equal(gis_encoding_name(GIS_ENC_UTF8), "UTF-8");
    assert_string_equal(gis_encoding_name(GIS_ENC_UTF8_BOM), "UTF-8 with BOM");
    assert_string_equal(gis_encoding_name(GIS_ENC_UTF16LE), "UTF-16LE");
    assert_string_equal(gis_encoding_name(GIS_ENC_UTF16BE), "UTF-16BE");
    assert_string_equal(gis_encoding_name(GIS_ENC_CP1258), "Windows-1258");
    assert_string_equal(gis_encoding_name(GIS_ENC_TCVN3), "TCVN3 (ABC)");
    assert_string_equal(gis_encoding_name(GIS_ENC_UNKNOWN), "unknown");
    assert_string_equal(gis_encoding_name((gis_encoding)42), "unknown");
}

static void test_utf8_forms(void **state) {
    size_t n, bn;
    char *csv = office_csv(&n);
    unsigned char *bom = with_bom("\xEF\xBB\xBF", (unsigned char *)csv, n, &bn);
    utf8proc_uint8_t *nfd = NULL;
    utf8proc_ssize_t nfdn;
    (void)state;

    round_trip((unsigned char *)csv, n, GIS_ENC_UTF8, csv);
    round_trip(bom, bn, GIS_ENC_UTF8_BOM, csv);
    /* NFD, as macOS and some web forms write: still UTF-8, and composed
     * on the way in. */
    nfdn =
        utf8proc_map((const utf8proc_uint8_t *)csv, 0, &nfd,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE);
    assert_true(nfdn > (utf8proc_ssize_t)n);
    round_trip(nfd, (size_t)nfdn, GIS_ENC_UTF8, csv);
    free(nfd);
    free(bom);
    free(csv);
}

static void test_utf16_forms(void **state) {
    size_t n, ln, bn, wn;
    char *csv = office_csv(&n);
    unsigned char *le = recode("UTF-16LE", "UTF-8", csv, n, &ln);
    unsigned char *be = recode("UTF-16BE", "UTF-8", csv, n, &bn);
    unsigned char *w;
    (void)state;

    /* Excel's "Unicode text" is UTF-16LE with a BOM. */
    w = with_bom("\xFF\xFE", le, ln, &wn);
    round_trip(w, wn, GIS_ENC_UTF16LE, csv);
    free(w);
    w = with_bom("\xFE\xFF", be, bn, &wn);
    round_trip(w, wn, GIS_ENC_UTF16BE, csv);
    free(w);
    /* Without a BOM, from where the zero bytes fall. */
    round_trip(le, ln, GIS_ENC_UTF16LE, csv);
    round_trip(be, bn, GIS_ENC_UTF16BE, csv);
    /* Cut in the middle of a code unit. */
    fails(le, ln - 1, GIS_ENC_UTF16LE, "ends inside a character");
    free(le);
    free(be);
    free(csv);
}

static void test_windows1258(void **state) {
    size_t n, cn;
    char *csv = office_csv(&n), *out = NULL;
    unsigned char *cp = recode("CP1258", "UTF-8", csv, n, &cn);
    gis_error err = {""};
    (void)state;

    round_trip(cp, cn, GIS_ENC_CP1258, csv);
    assert_int_equal(
        gis_encoding_to_utf8(cp, cn, GIS_ENC_CP1258, &out, &n, &err), 0);
    assert_non_null(strstr(out, "(triệu đồng)"));
    free(out);
    free(cp);
    free(csv);
}

static void test_tcvn3(void **state) {
    size_t n, tn;
    char *csv = office_csv(&n), *out = NULL;
    unsigned char *tc = recode("TCVN5712-1", "UTF-8", csv, n, &tn);
    gis_error err = {""};
    (void)state;

    round_trip(tc, tn, GIS_ENC_TCVN3, csv);
    assert_int_equal(
        gis_encoding_to_utf8(tc, tn, GIS_ENC_TCVN3, &out, &n, &err), 0);
    assert_non_null(strstr(out, "(triệu đồng)"));
    free(out);
    free(tc);
    free(csv);
}

/* The bytes glibc writes for "Đại Từ": TCVN3 has every letter
 * precomposed; Windows-1258 has no ạ or ừ and writes a base letter and a
 * combining mark (F2 dot below, CC grave), ư being FD (DD is Ư).  The
 * last mark ends the file: glibc's decoder holds ư back until it knows
 * no mark follows, so the flush at the end must not lose it. */
static void test_known_bytes(void **state) {
    static const unsigned char tc[] = {0xA7, 0xB9, 0x69, 0x20, 0x54, 0xF5};
    static const unsigned char cp[] = {0xD0, 0x61, 0xF2, 0x69,
                                       0x20, 0x54, 0xFD, 0xCC};
    size_t n;
    unsigned char *made;
    (void)state;

    made = recode("CP1258", "UTF-8", "Đại Từ", strlen("Đại Từ"), &n);
    assert_int_equal(n, sizeof cp);
    assert_memory_equal(made, cp, sizeof cp);
    free(made);
    made = recode("TCVN5712-1", "UTF-8", "Đại Từ", strlen("Đại Từ"), &n);
    assert_int_equal(n, sizeof tc);
    assert_memory_equal(made, tc, sizeof tc);
    free(made);
    round_trip(tc, sizeof tc, GIS_ENC_TCVN3, "Đại Từ");
    round_trip(cp, sizeof cp, GIS_ENC_CP1258, "Đại Từ");
}

/* A file of one header line, the shortest an office sends. */
static void test_header_only(void **state) {
    size_t n;
    unsigned char *b;
    (void)state;

    b = recode("CP1258", "UTF-8", header, strlen(header), &n);
    round_trip(b, n, GIS_ENC_CP1258, header);
    free(b);
    b = recode("TCVN5712-1", "UTF-8", header, strlen(header), &n);
    round_trip(b, n, GIS_ENC_TCVN3, header);
    free(b);
}

static void test_ascii_and_empty(void **state) {
    static const char ascii[] = "STT,Ten cong trinh,Xa\r\n"
                                "1,Duong GTNT xom Dong Kem,Phu Xuyen\r\n";
    (void)state;
    round_trip((const unsigned char *)ascii, strlen(ascii), GIS_ENC_ASCII,
               ascii);
    round_trip((const unsigned char *)"", 0, GIS_ENC_ASCII, "");
    fails((const unsigned char *)"Xa\xe3", 3, GIS_ENC_ASCII,
          "byte 0xe3 at offset 2 is not ASCII");
}

/* Random bytes are no text in any encoding. */
static void test_binary(void **state) {
    unsigned char b[4096];
    uint32_t x = 12345;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof b; i++) {
        x = x * 1103515245u + 12345u;
        b[i] = (unsigned char)(x >> 16);
    }
    assert_int_equal(gis_encoding_detect(b, sizeof b), GIS_ENC_UNKNOWN);
    /* Without its zero bytes, still no Vietnamese either way. */
    for (i = 0; i < sizeof b; i++)
        if (!b[i])
            b[i] = 0x20;
    assert_int_equal(gis_encoding_detect(b, sizeof b), GIS_ENC_UNKNOWN);
    /* A NUL in 7-bit text: not a text file. */
    assert_int_equal(gis_encoding_detect((const unsigned char *)"ab\0cd", 5),
                     GIS_ENC_UNKNOWN);
    fails((const unsigned char *)"ab\0cd", 5, GIS_ENC_ASCII,
          "NUL character at offset 2");
}

/* UTF-8 with one broken byte is damaged UTF-8, not a legacy file: read
 * as Windows-1258 or TCVN3 every other letter would be garbled.  So
 * detection says unknown, and the UTF-8 conversion names the byte. */
static void test_broken_utf8(void **state) {
    size_t n;
    char *csv = office_csv(&n);
    char *broken = strstr(csv, "Phúc Lương");
    char msg[64];
    size_t at;
    (void)state;

    assert_non_null(broken);
    at = (size_t)(broken - csv) + 3; /* the second byte of ú */
    csv[at] = 'x';
    assert_int_equal(gis_encoding_detect((unsigned char *)csv, n),
                     GIS_ENC_UNKNOWN);
    snprintf(msg, sizeof msg, "byte 0xc3 at offset %zu is not UTF-8", at - 1);
    fails((unsigned char *)csv, n, GIS_ENC_UTF8, msg);
    free(csv);
}

/* Latin-1 French decodes in both legacy encodings, but into words no
 * Vietnamese syllable looks like: unknown, not a confident guess. */
static void test_latin1_french(void **state) {
    static const char french[] =
        "N°,Désignation des travaux,Commune,Montant (€),Remarque\r\n"
        "1,Réfection de la chaussée départementale,Sainte-Hélène,"
        "\"12 500,00\",Travaux à réaliser avant l'été\r\n"
        "2,Rénovation de l'école maternelle,Évreux,\"48 000\","
        "Coût estimé très élevé\r\n"
        "3,Aménagement du carrefour,Vénérieu,\"7 250\",Première tranche\r\n"
        "4,Réparation du pont-levis,Château-Thierry,\"3 100\","
        "Déjà commencée\r\n";
    size_t n;
    unsigned char *latin1;
    (void)state;

    latin1 =
        recode("ISO-8859-1//TRANSLIT", "UTF-8", french, strlen(french), &n);
    assert_int_equal(gis_encoding_detect(latin1, n), GIS_ENC_UNKNOWN);
    free(latin1);
}

static void test_bad_legacy_byte(void **state) {
    (void)state;
    /* 0x81 is unassigned in Windows-1258. */
    fails((const unsigned char *)"Xa\xe3\x81", 4, GIS_ENC_CP1258,
          "byte 0x81 at offset 3 is not Windows-1258");
    fails((const unsigned char *)"x", 1, GIS_ENC_UNKNOWN, "unknown encoding");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_is_nfc),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_utf8_forms),
        cmocka_unit_test(test_utf16_forms),
        cmocka_unit_test(test_windows1258),
        cmocka_unit_test(test_tcvn3),
        cmocka_unit_test(test_known_bytes),
        cmocka_unit_test(test_header_only),
        cmocka_unit_test(test_ascii_and_empty),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_broken_utf8),
        cmocka_unit_test(test_latin1_french),
        cmocka_unit_test(test_bad_legacy_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
