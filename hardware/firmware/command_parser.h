/*
 * Host commands out of the received byte stream, with the receiver rules of PROTOCOL.md §2:
 * collect bytes up to 0x00, COBS-decode, accept only 9..249 decoded bytes with a matching
 * CRC; a block longer than RSP_MAX_ENCODED is skipped up to the next 0x00. Commands may carry
 * payload bytes (later minor versions); they are ignored. Pure C99.
 *
 * Threading contract: not reentrant; one caller (the AVR main loop).
 */
#ifndef RESONANT_FW_COMMAND_PARSER_H
#define RESONANT_FW_COMMAND_PARSER_H

#include <stdint.h>

#include "resonant_protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An encoded frame without its delimiter. */
#define FW_RX_BLOCK_MAX (RSP_MAX_ENCODED - 1u)

typedef struct {
  uint8_t block[FW_RX_BLOCK_MAX];
  uint8_t len;
  uint8_t skipping;   /* the block outgrew the buffer: wait for the next delimiter */
  uint16_t rejected;  /* blocks dropped: malformed COBS, wrong length, CRC mismatch, too long */
} fw_command_parser;

typedef struct {
  uint8_t type;
  uint16_t seq;
} fw_command;

void fw_command_parser_init(fw_command_parser* p);

/* Feeds one received byte. Returns 1 and fills *out when the byte completed a valid frame. */
uint8_t fw_command_parser_push(fw_command_parser* p, uint8_t byte, fw_command* out);

#ifdef __cplusplus
}
#endif

#endif /* RESONANT_FW_COMMAND_PARSER_H */
