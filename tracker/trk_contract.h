/*
 * trk_contract.h: contracts of works (design, construction, supervision,
 * ...), with the contractor and its tax code, the procurement method, the
 * value, the dates and an OCDS status.
 */
#ifndef TRK_CONTRACT_H
#define TRK_CONTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "gis_db.h"

typedef struct trk_contract_input {
    const char *code; /* the contract's number, unique */
    const char *work_code;
    const char *title;
    const char *contractor;
    const char *tax_code; /* MST */
    const char *method;   /* open | limited | direct | community | other */
    const char *purpose;  /* design | construction | supervision | goods |
                             other */
    const char *status;   /* pending | active | cancelled | terminated */
    int has_value;
    int64_t value_vnd;
    const char *signed_on, *due_on; /* YYYY-MM-DD */
    const char *note;
    const char *by;
} trk_contract_input;

/* Checks a Vietnamese tax code (mã số thuế): 10 digits, or 13 as the
 * 10 of the enterprise and a 3-digit branch number 001-999, written
 * "0101234567-001" or as 13 digits.  0 when valid, else why says why. */
int trk_mst_check(const char *mst, char *why, size_t whysize);

/* The tax code in its written form ("0101234567" or "0101234567-001",
 * 13 digits read the same) in out; 0 when mst is a valid one (NULL is
 * not). */
int trk_mst_written(const char *mst, char out[15]);

/* Adds a contract; NULL fields take their defaults (status pending,
 * purpose construction). */
int trk_contract_add(gis_db *db, const trk_contract_input *in, gis_error *err);

/* Changes the fields in set (non-NULL, or has_value) of the contract
 * with in->code.  Status moves pending -> active -> terminated, or
 * pending/active -> cancelled; never back. */
int trk_contract_update(gis_db *db, const trk_contract_input *in,
                        gis_error *err);

#endif
