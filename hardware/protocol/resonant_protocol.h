/*
 * Resonant Serial Protocol (RSP) 1.0 — shared by firmware (C99, AVR) and host (C++20).
 * The specification is PROTOCOL.md beside this file; this header is its executable form.
 * Every constant here is used by both sides; never copy one into other code.
 *
 * Wire format (all multi-byte fields little-endian):
 *
 *   decoded frame:  type:u8 | seq:u16 | t_dev_us:u32 | payload (0..240 bytes) | crc:u16
 *   on the wire:    COBS(decoded frame) followed by one 0x00 delimiter
 *
 *   crc = CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, xorout 0) over
 *         type..payload; check("123456789") = 0x29B1.
 *   seq counts frames per direction and wraps 65535 -> 0; a jump means frames were lost.
 *   t_dev_us is the device's free-running microsecond clock (wraps every 71.6 min); for a
 *   SAMPLES frame it is the time of the first sample.
 *
 * No dynamic memory; the frame writer encodes COBS on the fly so firmware needs no scratch
 * copy of the frame.
 */
#ifndef RESONANT_PROTOCOL_H
#define RESONANT_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
/* This is C99 for the firmware: C casts are the right tool here, not a C++ smell. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#endif
#endif

/* ---- version and link ----------------------------------------------------------------- */
#define RSP_VERSION_MAJOR 1u
#define RSP_VERSION_MINOR 0u
#define RSP_DEFAULT_BAUD 115200u

/* ---- sizes ---------------------------------------------------------------------------- */
#define RSP_DELIMITER 0x00u
#define RSP_HEADER_SIZE 7u   /* type, seq (2), t_dev_us (4) */
#define RSP_CRC_SIZE 2u
#define RSP_MAX_PAYLOAD 240u
#define RSP_MIN_FRAME (RSP_HEADER_SIZE + RSP_CRC_SIZE)
#define RSP_MAX_FRAME (RSP_HEADER_SIZE + RSP_MAX_PAYLOAD + RSP_CRC_SIZE)
/* COBS adds one code byte per 254 data bytes (plus one); then the delimiter. */
#define RSP_MAX_ENCODED (RSP_MAX_FRAME + RSP_MAX_FRAME / 254u + 1u + 1u)
#define RSP_MAX_SAMPLES_PER_FRAME ((RSP_MAX_PAYLOAD - RSP_SAMPLES_HEADER_SIZE) / 2u)
#define RSP_SAMPLES_HEADER_SIZE 3u /* channel, flags, count */
#define RSP_MAX_NAME 32u

/* ---- frame types: device -> host ------------------------------------------------------- */
#define RSP_T_HELLO 0x01u   /* identity; answer to IDENTIFY and sent when streaming starts */
#define RSP_T_CHANNEL 0x02u /* one per channel, right after HELLO */
#define RSP_T_SAMPLES 0x10u /* a block of consecutive samples of one channel */
#define RSP_T_BEAT 0x11u    /* a beat the device detected itself (RR devices) */
#define RSP_T_STATUS 0x12u  /* about once a second: contact, saturation, device overruns */
#define RSP_T_ACK 0x13u     /* answer to every command */
#define RSP_T_TEXT 0x14u    /* UTF-8 log line, for humans */

/* ---- frame types: host -> device (commands) ------------------------------------------- */
#define RSP_C_IDENTIFY 0x80u /* device answers HELLO, CHANNEL..., ACK */
#define RSP_C_START 0x81u    /* start streaming; device answers ACK, then HELLO, CHANNEL... */
#define RSP_C_STOP 0x82u     /* stop streaming */
#define RSP_C_PING 0x83u     /* keep-alive; ACK only */

/* ---- ACK results ---------------------------------------------------------------------- */
#define RSP_ACK_OK 0u
#define RSP_ACK_UNKNOWN_COMMAND 1u
#define RSP_ACK_BAD_ARGUMENT 2u
#define RSP_ACK_BUSY 3u

/* ---- device kinds (HELLO) ------------------------------------------------------------- */
#define RSP_DEVICE_SIMULATOR 1u
#define RSP_DEVICE_DIY_ARDUINO 2u

/* ---- channel kinds (CHANNEL); values match resonant::ChannelKind ----------------------- */
#define RSP_CH_OTHER 0u
#define RSP_CH_ECG 1u  /* mV */
#define RSP_CH_PPG 2u  /* arbitrary units */
#define RSP_CH_RESP 3u /* arbitrary units, larger = more air in */
#define RSP_CH_EDA 4u  /* microsiemens */

/* ---- SAMPLES / STATUS flag bits ------------------------------------------------------- */
#define RSP_SF_SATURATED 0x01u   /* at least one sample of the block hit the ADC rail */
#define RSP_SF_NO_CONTACT 0x02u  /* sensor reports lead-off / finger out / belt loose */

#define RSP_STATUS_STREAMING 0x01u

/* ---- payload layouts (offsets inside the payload) -------------------------------------
 * HELLO    0 proto_major u8 | 1 proto_minor u8 | 2 device_kind u8 | 3 channel_count u8 |
 *          4 fw_major u8 | 5 fw_minor u8 | 6 fw_patch u8 |
 *          7 clock_us_per_s u32 (device microseconds per real second: RSP_REAL_TIME_US_PER_S
 *            for every real sensor; a simulation running faster than real time says so) |
 *          11 name (UTF-8, rest, <= 32)
 * CHANNEL  0 channel_id u8 | 1 kind u8 | 2 bits u8 (ADC resolution) | 3 reserved u8 |
 *          4 rate_mhz u32 (sample rate in millihertz) | 8 scale f32 | 12 offset f32 |
 *          16 name (UTF-8, rest, <= 32)        physical = raw * scale + offset
 * SAMPLES  0 channel_id u8 | 1 flags u8 | 2 count u8 | 3 samples i16 x count
 *          sample i was taken at t_dev_us + i * 1e9 / rate_mhz microseconds
 * BEAT     0 channel_id u8 | 1 flags u8 | 2 rr_us u32 (0 = unknown); beat time = t_dev_us
 * STATUS   0 flags u8 | 1 contact_ok_mask u8 (bit n = channel n has contact) |
 *          2 saturated_mask u8 | 3 battery_pct u8 (255 = none) | 4 overruns u16
 * ACK      0 command type u8 | 1 command seq u16 | 3 result u8
 * TEXT     0 UTF-8 text (rest)
 * commands carry no payload in 1.0; a device must ignore unexpected payload bytes.
 */
#define RSP_HELLO_MIN_PAYLOAD 11u
#define RSP_REAL_TIME_US_PER_S 1000000u
#define RSP_CHANNEL_MIN_PAYLOAD 16u
#define RSP_BEAT_PAYLOAD 6u
#define RSP_STATUS_PAYLOAD 6u
#define RSP_ACK_PAYLOAD 4u

/* ---- CRC-16/CCITT-FALSE --------------------------------------------------------------- */
static inline uint16_t rsp_crc16_update(uint16_t crc, uint8_t byte) {
  uint8_t i;
  crc = (uint16_t)(crc ^ (uint16_t)((uint16_t)byte << 8));
  for (i = 0; i < 8u; ++i) {
    crc = (crc & 0x8000u) ? (uint16_t)((uint16_t)(crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
  }
  return crc;
}

static inline uint16_t rsp_crc16(const uint8_t* data, size_t len) {
  uint16_t crc = 0xFFFFu;
  size_t i;
  for (i = 0; i < len; ++i) crc = rsp_crc16_update(crc, data[i]);
  return crc;
}

/* ---- little-endian readers ------------------------------------------------------------ */
static inline uint16_t rsp_get_u16(const uint8_t* p) {
  return (uint16_t)((uint16_t)p[0] | (uint16_t)((uint16_t)p[1] << 8));
}
static inline uint32_t rsp_get_u32(const uint8_t* p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* ---- frame writer: header + payload + CRC, COBS-encoded on the fly --------------------
 * Usage:  rsp_writer w; rsp_begin(&w, out, type, seq, t_dev_us);
 *         rsp_put_u8(&w, ...); ...; size_t n = rsp_end(&w);   -> n bytes in out, incl. 0x00
 * out must hold RSP_MAX_ENCODED bytes. Bytes past RSP_MAX_FRAME - RSP_CRC_SIZE are refused
 * (w.overflow is set and rsp_end returns 0).
 */
typedef struct {
  uint8_t* out;
  size_t code_pos;  /* where the current COBS code byte goes */
  size_t pos;       /* next output byte */
  uint8_t code;     /* current COBS run length + 1 */
  uint16_t crc;
  size_t raw_len;   /* decoded bytes so far */
  uint8_t overflow;
} rsp_writer;

static inline void rsp_cobs_put_(rsp_writer* w, uint8_t byte) {
  if (byte == 0u) {
    w->out[w->code_pos] = w->code;
    w->code_pos = w->pos++;
    w->code = 1u;
  } else {
    w->out[w->pos++] = byte;
    if (++w->code == 0xFFu) {
      w->out[w->code_pos] = w->code;
      w->code_pos = w->pos++;
      w->code = 1u;
    }
  }
}

static inline void rsp_put_u8(rsp_writer* w, uint8_t byte) {
  if (w->raw_len >= RSP_MAX_FRAME - RSP_CRC_SIZE) {
    w->overflow = 1u;
    return;
  }
  w->crc = rsp_crc16_update(w->crc, byte);
  ++w->raw_len;
  rsp_cobs_put_(w, byte);
}

static inline void rsp_put_u16(rsp_writer* w, uint16_t v) {
  rsp_put_u8(w, (uint8_t)(v & 0xFFu));
  rsp_put_u8(w, (uint8_t)(v >> 8));
}

static inline void rsp_put_u32(rsp_writer* w, uint32_t v) {
  rsp_put_u16(w, (uint16_t)(v & 0xFFFFu));
  rsp_put_u16(w, (uint16_t)(v >> 16));
}

static inline void rsp_put_i16(rsp_writer* w, int16_t v) { rsp_put_u16(w, (uint16_t)v); }

static inline void rsp_put_bytes(rsp_writer* w, const uint8_t* p, size_t n) {
  size_t i;
  for (i = 0; i < n; ++i) rsp_put_u8(w, p[i]);
}

static inline void rsp_begin(rsp_writer* w, uint8_t* out, uint8_t type, uint16_t seq,
                             uint32_t t_dev_us) {
  w->out = out;
  w->code_pos = 0;
  w->pos = 1;
  w->code = 1u;
  w->crc = 0xFFFFu;
  w->raw_len = 0;
  w->overflow = 0u;
  rsp_put_u8(w, type);
  rsp_put_u16(w, seq);
  rsp_put_u32(w, t_dev_us);
}

/* Appends the CRC, closes the COBS block and the delimiter; returns bytes written or 0. */
static inline size_t rsp_end(rsp_writer* w) {
  const uint16_t crc = w->crc;
  if (w->overflow) return 0;
  rsp_cobs_put_(w, (uint8_t)(crc & 0xFFu));
  rsp_cobs_put_(w, (uint8_t)(crc >> 8));
  w->out[w->code_pos] = w->code;
  w->out[w->pos++] = RSP_DELIMITER;
  return w->pos;
}

/* ---- whole frames ----------------------------------------------------------------------
 * One encoder per frame type, shared by firmware, the simulated device and the tests. Each
 * writes a complete encoded frame (with its delimiter) into out, which must hold
 * RSP_MAX_ENCODED bytes, and returns its length (0 if it does not fit). Names are cut at
 * RSP_MAX_NAME bytes.
 */
static inline void rsp_put_name_(rsp_writer* w, const char* name) {
  size_t n = 0;
  while (name != NULL && n < RSP_MAX_NAME && name[n] != '\0') rsp_put_u8(w, (uint8_t)name[n++]);
}

static inline uint32_t rsp_f32_bits_(float f) {
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  return bits;
}

static inline size_t rsp_write_hello(uint8_t* out, uint16_t seq, uint32_t t_dev_us,
                                     uint8_t device_kind, uint8_t channel_count,
                                     const uint8_t firmware[3], uint32_t clock_us_per_s,
                                     const char* name) {
  rsp_writer w;
  rsp_begin(&w, out, RSP_T_HELLO, seq, t_dev_us);
  rsp_put_u8(&w, RSP_VERSION_MAJOR);
  rsp_put_u8(&w, RSP_VERSION_MINOR);
  rsp_put_u8(&w, device_kind);
  rsp_put_u8(&w, channel_count);
  rsp_put_bytes(&w, firmware, 3);
  rsp_put_u32(&w, clock_us_per_s);
  rsp_put_name_(&w, name);
  return rsp_end(&w);
}

static inline size_t rsp_write_channel(uint8_t* out, uint16_t seq, uint32_t t_dev_us, uint8_t id,
                                       uint8_t kind, uint8_t adc_bits, uint32_t rate_mhz,
                                       float scale, float offset, const char* name) {
  rsp_writer w;
  rsp_begin(&w, out, RSP_T_CHANNEL, seq, t_dev_us);
  rsp_put_u8(&w, id);
  rsp_put_u8(&w, kind);
  rsp_put_u8(&w, adc_bits);
  rsp_put_u8(&w, 0u);
  rsp_put_u32(&w, rate_mhz);
  rsp_put_u32(&w, rsp_f32_bits_(scale));
  rsp_put_u32(&w, rsp_f32_bits_(offset));
  rsp_put_name_(&w, name);
  return rsp_end(&w);
}

static inline size_t rsp_write_samples(uint8_t* out, uint16_t seq, uint32_t t_dev_us, uint8_t id,
                                       uint8_t flags, const int16_t* samples, uint8_t count) {
  rsp_writer w;
  uint8_t i;
  if (count > RSP_MAX_SAMPLES_PER_FRAME) return 0;
  rsp_begin(&w, out, RSP_T_SAMPLES, seq, t_dev_us);
  rsp_put_u8(&w, id);
  rsp_put_u8(&w, flags);
  rsp_put_u8(&w, count);
  for (i = 0; i < count; ++i) rsp_put_i16(&w, samples[i]);
  return rsp_end(&w);
}

static inline size_t rsp_write_status(uint8_t* out, uint16_t seq, uint32_t t_dev_us, uint8_t flags,
                                      uint8_t contact_ok_mask, uint8_t saturated_mask,
                                      uint8_t battery_pct, uint16_t overruns) {
  rsp_writer w;
  rsp_begin(&w, out, RSP_T_STATUS, seq, t_dev_us);
  rsp_put_u8(&w, flags);
  rsp_put_u8(&w, contact_ok_mask);
  rsp_put_u8(&w, saturated_mask);
  rsp_put_u8(&w, battery_pct);
  rsp_put_u16(&w, overruns);
  return rsp_end(&w);
}

static inline size_t rsp_write_ack(uint8_t* out, uint16_t seq, uint32_t t_dev_us, uint8_t command,
                                   uint16_t command_seq, uint8_t result) {
  rsp_writer w;
  rsp_begin(&w, out, RSP_T_ACK, seq, t_dev_us);
  rsp_put_u8(&w, command);
  rsp_put_u16(&w, command_seq);
  rsp_put_u8(&w, result);
  return rsp_end(&w);
}

/* Host -> device command (no payload in 1.0; t_dev_us = 0). */
static inline size_t rsp_write_command(uint8_t* out, uint16_t seq, uint8_t command) {
  rsp_writer w;
  rsp_begin(&w, out, command, seq, 0u);
  return rsp_end(&w);
}

/* ---- COBS decoding -------------------------------------------------------------------
 * Decodes one COBS block (without its 0x00 delimiter) into out (capacity out_cap).
 * Returns the decoded length, or -1 when the block is malformed (a zero byte inside, a code
 * that runs past the end) or does not fit.
 */
static inline int rsp_cobs_decode(const uint8_t* in, size_t len, uint8_t* out, size_t out_cap) {
  size_t i = 0, o = 0;
  while (i < len) {
    const uint8_t code = in[i++];
    uint8_t k;
    if (code == 0u) return -1;
    for (k = 1u; k < code; ++k) {
      if (i >= len || in[i] == 0u || o >= out_cap) return -1;
      out[o++] = in[i++];
    }
    if (code != 0xFFu && i < len) {
      if (o >= out_cap) return -1;
      out[o++] = 0u;
    }
  }
  return (int)o;
}

#ifdef __cplusplus
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
}
#endif

#endif /* RESONANT_PROTOCOL_H */
