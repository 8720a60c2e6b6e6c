/* validate.h -- check digits and structure of identifiers, shared by the
 * pattern rules (named in rule packs as "validator: ssn") and the field
 * detectors.  Each takes the candidate bytes as matched (separators
 * included) and returns 1 if the value is a valid instance, else 0. */
#ifndef PHISCAN_VALIDATE_H
#define PHISCAN_VALIDATE_H

#include <stddef.h>

/* SSA rules: area not 000, 666 or 900-999; group not 00; serial not 0000;
 * 9 digits with '-', ' ' or nothing between the groups. */
int phi_valid_ssn(const char *s, size_t n);
/* Luhn over the digits of s (separators ' ' and '-' skipped). */
int phi_valid_luhn(const char *s, size_t n);
/* NPI: 10 digits, Luhn over "80840" + the digits. */
int phi_valid_npi(const char *s, size_t n);
/* DEA: 2 letters + 7 digits, check digit (d1+d3+d5) + 2*(d2+d4+d6). */
int phi_valid_dea(const char *s, size_t n);
/* Visa, Mastercard (51-55, 2221-2720), Amex (34, 37), Discover (6011,
 * 644-649, 65) by prefix and length, and Luhn.  Published test numbers
 * and test-shaped numbers (a run of eight of one digit, a repeated
 * two-digit period) are no card. */
int phi_valid_card(const char *s, size_t n);
/* GS1 UDI: "(01)" or "01", then a GTIN-14 whose GS1 mod-10 check digit
 * holds (what follows, the other application identifiers, is not checked). */
int phi_valid_gtin(const char *s, size_t n);
/* VIN: 17 chars, no I O Q, ISO 3779 check digit in position 9. */
int phi_valid_vin(const char *s, size_t n);
/* ICD-10-CM shape: letter (U only as U07/U09, the codes CM adopted),
 * digit, digit (or A/B as in C4A, M1A), optional '.', up to 4 more
 * alnum; X is a placeholder and never the 7th character. */
int phi_valid_icd10(const char *s, size_t n);
/* Dotted quad not loopback, 0.0.0.0, private, shared (RFC 6598),
 * link-local, multicast, broadcast or documentation (RFC 5737); no leading
 * zeros, and not three single-digit parts (a version such as 4.1.2.10).
 * OID fragments are the pattern's business: it must not match inside a
 * longer dotted run. */
int phi_valid_ipv4_public(const char *s, size_t n);
/* Parses as IPv6 (inet_pton) and is global unicast, not documentation
 * (2001:db8::/32), loopback or link-local. */
int phi_valid_ipv6_public(const char *s, size_t n);
/* North American number: 10 digits (optionally +1/1), NPA and NXX not
 * starting with 0 or 1, not 555-0100..0199, not N11, not all one digit;
 * a slash only as NPA/NXX-XXXX; not within 16 of 2^31 or 2^32. */
int phi_valid_phone_us(const char *s, size_t n);
/* E.164: '+' and 8-15 digits (separators allowed). */
int phi_valid_phone_e164(const char *s, size_t n);
/* Address and domain shape; not example.com/.org/.net (RFC 2606) nor
 * .test/.invalid/.localhost/.example. */
int phi_valid_email(const char *s, size_t n);
/* US number or E.164, whichever fits. */
int phi_valid_phone(const char *s, size_t n);
/* ZIP or ZIP+4; not 000xx (never assigned). */
int phi_valid_zip(const char *s, size_t n);
/* Medicare Beneficiary Identifier: 11 characters C A AN N A AN N A A N N
 * (letters without S L O I B Z), plain or dashed 4-3-4. */
int phi_valid_mbi(const char *s, size_t n);
/* IMEI: 15 digits, Luhn (3GPP TS 23.003). */
int phi_valid_imei(const char *s, size_t n);

/* Looks a validator up by its rule-pack name: card dea email gtin icd10 imei
 * ipv4_public ipv6_public luhn mbi npi phone phone_e164 phone_us ssn vin
 * zip;
 * NULL if unknown. */
typedef int (*phi_validator_fn)(const char *s, size_t n);
phi_validator_fn phi_validator_lookup(const char *name);

#endif
