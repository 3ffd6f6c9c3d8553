/* Receiver side of RSP framing for host commands (see command_parser.h). */
#include "command_parser.h"

_Static_assert(FW_RX_BLOCK_MAX <= UINT8_MAX, "the block length is 8-bit");

void fw_command_parser_init(fw_command_parser* p) { memset(p, 0, sizeof *p); }

static uint8_t finish_block(fw_command_parser* p, fw_command* out) {
  /* COBS decoding never writes ahead of what it reads, so the block decodes in place: no
   * second 250-byte buffer in 2 KB of RAM. */
  const int n = rsp_cobs_decode(p->block, p->len, p->block, sizeof p->block);
  const uint8_t* f = p->block;
  if (n < (int)RSP_MIN_FRAME || n > (int)RSP_MAX_FRAME) return 0;
  {
    const size_t body = (size_t)n - RSP_CRC_SIZE;
    if (rsp_crc16(f, body) != rsp_get_u16(f + body)) return 0;
  }
  out->type = f[0];
  out->seq = rsp_get_u16(f + 1);
  return 1;
}

uint8_t fw_command_parser_push(fw_command_parser* p, uint8_t byte, fw_command* out) {
  uint8_t ok = 0;
  if (byte != RSP_DELIMITER) {
    if (p->skipping) return 0;
    if (p->len >= sizeof p->block) {
      p->skipping = 1u;
      ++p->rejected;
      return 0;
    }
    p->block[p->len++] = byte;
    return 0;
  }
  if (!p->skipping && p->len > 0u) {
    ok = finish_block(p, out);
    if (!ok) ++p->rejected;
  }
  p->len = 0;
  p->skipping = 0;
  return ok;
}
