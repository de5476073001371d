/* date.h -- dates of events read from a sentence or a dateline (date.c).
 * Private to the library; pure functions, no allocation, no state. */
#ifndef DG_DATE_H
#define DG_DATE_H

#include "internal.h"

/* A calendar date at the precision the text gave: y 0 is no date, m 0 a
 * year ("2020"), d 0 a month ("2020-09"), else a day ("2020-09-27"). */
typedef struct dg_date {
    int y, m, d;
} dg_date;

/* YYYYMMDD (dg_parse_date's form) -> a day date; none when v < 0. */
dg_date dg_date_of_day(long v);

/* The day that stands for the date when a single day is needed (leader
 * resolution): the day itself, the 15th of a month, 1 July of a year;
 * -1 for none. */
long dg_date_day(dg_date d);

/* "2020", "2020-09" or "2020-09-27" (a day the month has) -> *out;
 * 0, or -1 for anything else. */
int dg_date_parse(const char *s, dg_date *out);

/* The first and last days (YYYYMMDD) of the period a date names: 2020 is
 * 20200101 to 20201231, 2020-02 is 20200201 to 20200229. */
long dg_date_first_day(dg_date d);
long dg_date_last_day(dg_date d);

/* "2020", "2020-09" or "2020-09-27" into out (11 bytes at least); returns
 * its length, 0 (and "") for no date. */
size_t dg_date_format(dg_date d, char *out);

/* A dateline at the start of toks[0..n): a place in capitals or followed
 * by a news agency in parentheses, a comma, a date and a dash:
 * "YEREVAN, March 3 (Reuters) -", "MOSCOW, 3 March 2024 -". Returns the
 * number of tokens it takes (0: none) and its date in *out: a date with
 * no year takes ref's year (the year before when the day would come after
 * ref), and is none when ref has none. */
size_t dg_date_dateline(const char *s, const dg_token *toks, size_t n,
                        dg_date ref, dg_date *out);

/* The date the sentence s (tokens toks[0..n)) gives the event whose cue
 * spans tokens [cue_start, cue_end), or none: of the dates the sentence
 * states, the one nearest the cue (the earlier of two as near); a range
 * ("from 2018 to 2020", "between 2018 and 2020", "2018-2020") counts as
 * its start. The sentence's tokens before `from` are not read (a
 * dateline). Relative dates ("last year") count from ref, and are none
 * without it. date.c lists the forms read. */
dg_date dg_date_in_sentence(const char *s, const dg_token *toks, size_t n,
                            size_t from, size_t cue_start, size_t cue_end,
                            dg_date ref);

#endif
