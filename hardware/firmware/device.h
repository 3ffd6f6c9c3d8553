/*
 * The sensor's side of the Resonant Serial Protocol: answers commands and turns sampling
 * ticks into SAMPLES and STATUS frames (hardware/protocol/PROTOCOL.md). Pure C99 with no
 * hardware access, so the host tests run exactly this code; main.c feeds it from the timer
 * and the UART.
 *
 * What it sends, in order (the model is drivers/src/simulated_device.cpp):
 *   IDENTIFY -> ACK, HELLO, CHANNEL x FW_CHANNEL_COUNT
 *   START    -> ACK, HELLO, CHANNEL x FW_CHANNEL_COUNT, then SAMPLES blocks and one STATUS per
 *               second until STOP (a START while streaming re-describes, the stream goes on)
 *   STOP     -> ACK; streaming stops, partly filled blocks are dropped
 *   PING     -> ACK;  anything else -> ACK "unknown command"
 * Every frame goes out through write() as one complete encoded frame.
 *
 * Lost ticks (the main loop fell behind the timer) show as a jump in the tick times: the block
 * in progress is sent as it is, the lost ticks are counted in STATUS.overruns, and the next
 * block starts at its true time, so the host sees a gap instead of wrongly timed samples.
 *
 * Threading contract: not reentrant; one caller (the AVR main loop, never an interrupt).
 */
#ifndef RESONANT_FW_DEVICE_H
#define RESONANT_FW_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "resonant_protocol.h"
#include "sensor_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sends bytes to the host; returns when they are queued. */
typedef void (*fw_write_fn)(void* ctx, const uint8_t* bytes, size_t n);

/* One channel's block of samples in progress. */
typedef struct {
  int16_t samples[FW_MAX_BLOCK];
  uint32_t t_first_us;   /* device time of samples[0] */
  uint32_t t_sample_us;  /* device time of the sample being accumulated */
  uint16_t sum;          /* reads accumulated for the next sample */
  uint8_t reads;         /* how many */
  uint8_t count;         /* samples in the block */
  uint8_t flags;         /* RSP_SF_* of the block so far */
  uint8_t read_flags;    /* RSP_SF_* of the reads accumulated so far */
} fw_block;

typedef struct {
  fw_write_fn write;
  void* write_ctx;
  uint16_t seq;               /* of the next frame we send */
  uint8_t streaming;
  uint8_t have_tick;          /* next_tick_us is valid */
  uint32_t next_tick_us;      /* expected time of the next tick */
  uint8_t saturated_mask;     /* channels that hit an ADC rail since the last STATUS */
  uint8_t contact_mask;       /* channels with contact, from their latest samples */
  uint16_t overruns;          /* ticks lost since START (saturates at 0xFFFF) */
  uint16_t ticks_to_status;
  fw_block blocks[FW_CHANNEL_COUNT];
  uint8_t frame[RSP_MAX_ENCODED];
} fw_device;

void fw_device_init(fw_device* d, fw_write_fn write, void* write_ctx);

/* A valid command from the host (type, its seq) at device time now_us. */
void fw_device_command(fw_device* d, uint8_t type, uint16_t command_seq, uint32_t now_us);

/* One sampling tick: reads[ch] is channel ch's 10-bit ADC value, t_us the device time of the
 * tick (its PPG conversion start). Ticks must come in order, FW_TICK_US apart unless lost. */
void fw_device_tick(fw_device* d, const uint16_t reads[FW_CHANNEL_COUNT], uint32_t t_us);

/* Skin conductance in FW_EDA_NS_PER_LSB steps from the sum of `reads` ADC values, rounded,
 * clamped to INT16_MAX (then *saturated = 1). */
int16_t fw_eda_conductance_lsb(uint16_t sum, uint8_t reads, uint8_t* saturated);

#ifdef __cplusplus
}
#endif

#endif /* RESONANT_FW_DEVICE_H */
