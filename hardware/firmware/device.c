/* The sensor's protocol logic: commands in, frames out (see device.h). */
#include "device.h"

/* Conductance in LSB = GAIN * counts / (1024 - counts), counts being the mean read. */
#define FW_EDA_GAIN (1000000000ul / (FW_EDA_NS_PER_LSB * FW_EDA_REF_OHMS))
_Static_assert(FW_EDA_GAIN * FW_EDA_NS_PER_LSB * FW_EDA_REF_OHMS == 1000000000ul,
               "choose R_ref and the LSB so the conductance gain is a whole number");
_Static_assert(FW_TICK_US * FW_TICK_RATE_HZ == FW_US_PER_S, "the tick must be whole microseconds");
_Static_assert(FW_MAX_BLOCK <= RSP_MAX_SAMPLES_PER_FRAME, "a block must fit one SAMPLES frame");
_Static_assert((uint32_t)FW_ADC_MAX * FW_EDA_DECIMATION <= UINT16_MAX, "read sums are 16-bit");
_Static_assert((uint32_t)FW_ADC_MAX * FW_BELT_DECIMATION <= INT16_MAX, "belt sums are i16 samples");

typedef struct {
  uint8_t kind;
  uint8_t decimation;
  uint8_t block;
  float scale;
  const char* name;
} fw_channel_spec;

static const fw_channel_spec kChannels[FW_CHANNEL_COUNT] = {
    [FW_CH_PPG] = {RSP_CH_PPG, FW_PPG_DECIMATION, FW_PPG_BLOCK, FW_VOLTS_PER_COUNT, "PPG finger A0"},
    [FW_CH_BELT] = {RSP_CH_RESP, FW_BELT_DECIMATION, FW_BELT_BLOCK,
                    FW_VOLTS_PER_COUNT / (float)FW_BELT_DECIMATION, "respiration belt A1"},
    [FW_CH_EDA] = {RSP_CH_EDA, FW_EDA_DECIMATION, FW_EDA_BLOCK, FW_EDA_US_PER_LSB,
                   "skin conductance A2"},
};

static const uint8_t kFirmware[3] = {FW_VERSION_MAJOR, FW_VERSION_MINOR, FW_VERSION_PATCH};
static const uint8_t kNoBattery = 255u; /* USB-powered */
static const uint8_t kAllChannels = (uint8_t)((1u << FW_CHANNEL_COUNT) - 1u);

static void send(fw_device* d, size_t n) {
  if (n > 0u) d->write(d->write_ctx, d->frame, n);
}

static void send_ack(fw_device* d, uint8_t command, uint16_t command_seq, uint8_t result,
                     uint32_t now_us) {
  send(d, rsp_write_ack(d->frame, d->seq++, now_us, command, command_seq, result));
}

static void send_identity(fw_device* d, uint32_t now_us) {
  uint8_t ch;
  send(d, rsp_write_hello(d->frame, d->seq++, now_us, RSP_DEVICE_DIY_ARDUINO, FW_CHANNEL_COUNT,
                          kFirmware, RSP_REAL_TIME_US_PER_S, FW_DEVICE_NAME));
  for (ch = 0; ch < FW_CHANNEL_COUNT; ++ch) {
    const fw_channel_spec* s = &kChannels[ch];
    send(d, rsp_write_channel(d->frame, d->seq++, now_us, ch, s->kind, FW_ADC_BITS,
                              FW_RATE_MHZ(s->decimation), s->scale, 0.0f, s->name));
  }
}

static void send_status(fw_device* d, uint32_t now_us) {
  send(d, rsp_write_status(d->frame, d->seq++, now_us, d->streaming ? RSP_STATUS_STREAMING : 0u,
                           d->contact_mask, d->saturated_mask, kNoBattery, d->overruns));
  d->saturated_mask = 0;
}

static void clear_block(fw_block* b) {
  b->sum = 0;
  b->reads = 0;
  b->count = 0;
  b->flags = 0;
  b->read_flags = 0;
}

static void send_block(fw_device* d, uint8_t ch) {
  fw_block* b = &d->blocks[ch];
  if (b->count > 0u) {
    send(d, rsp_write_samples(d->frame, d->seq++, b->t_first_us, ch, b->flags, b->samples, b->count));
  }
  b->count = 0;
  b->flags = 0;
}

static void begin_stream(fw_device* d) {
  uint8_t ch;
  for (ch = 0; ch < FW_CHANNEL_COUNT; ++ch) clear_block(&d->blocks[ch]);
  d->streaming = 1u;
  d->have_tick = 0u;
  d->saturated_mask = 0;
  d->contact_mask = kAllChannels;
  d->overruns = 0;
  d->ticks_to_status = FW_STATUS_INTERVAL_TICKS;
}

void fw_device_init(fw_device* d, fw_write_fn write, void* write_ctx) {
  memset(d, 0, sizeof *d);
  d->write = write;
  d->write_ctx = write_ctx;
  d->contact_mask = kAllChannels;
}

void fw_device_command(fw_device* d, uint8_t type, uint16_t command_seq, uint32_t now_us) {
  switch (type) {
    case RSP_C_IDENTIFY:
      send_ack(d, type, command_seq, RSP_ACK_OK, now_us);
      send_identity(d, now_us);
      break;
    case RSP_C_START:
      send_ack(d, type, command_seq, RSP_ACK_OK, now_us);
      send_identity(d, now_us);
      if (!d->streaming) begin_stream(d);
      break;
    case RSP_C_STOP:
      send_ack(d, type, command_seq, RSP_ACK_OK, now_us);
      d->streaming = 0;
      break;
    case RSP_C_PING:
      send_ack(d, type, command_seq, RSP_ACK_OK, now_us);
      break;
    default:
      send_ack(d, type, command_seq, RSP_ACK_UNKNOWN_COMMAND, now_us);
      break;
  }
}

int16_t fw_eda_conductance_lsb(uint16_t sum, uint8_t reads, uint8_t* saturated) {
  const uint32_t full = (uint32_t)FW_ADC_STEPS * reads;
  const uint32_t rest = full > sum ? full - sum : 1u; /* a read never reaches 1024 */
  const uint32_t lsb = ((uint32_t)FW_EDA_GAIN * sum + rest / 2u) / rest;
  if (lsb > (uint32_t)INT16_MAX) {
    *saturated = 1u;
    return INT16_MAX;
  }
  return (int16_t)lsb;
}

/* The sample made of channel ch's accumulated reads, with its flags. */
static int16_t finish_sample(fw_device* d, uint8_t ch, fw_block* b) {
  if (ch != FW_CH_EDA) return (int16_t)b->sum;
  {
    uint8_t saturated = 0;
    const int16_t lsb = fw_eda_conductance_lsb(b->sum, b->reads, &saturated);
    if (saturated) b->read_flags |= RSP_SF_SATURATED;
    if ((uint16_t)lsb < FW_EDA_MIN_CONTACT_LSB) {
      b->read_flags |= RSP_SF_NO_CONTACT;
      d->contact_mask &= (uint8_t)~(1u << ch);
    } else {
      d->contact_mask = (uint8_t)(d->contact_mask | (1u << ch));
    }
    return lsb;
  }
}

static void add_read(fw_device* d, uint8_t ch, uint16_t read, uint32_t t_us) {
  const fw_channel_spec* s = &kChannels[ch];
  fw_block* b = &d->blocks[ch];
  /* The skin-conductance input rests at 0 V when nobody touches it: only its upper rail
   * (a short between the electrodes) is saturation; no contact is decided per sample. */
  const uint8_t at_rail = read >= FW_ADC_MAX || (read == 0u && ch != FW_CH_EDA);
  if (b->reads == 0u) b->t_sample_us = t_us + (uint32_t)(s->decimation - 1u) * FW_TICK_US / 2u;
  b->sum = (uint16_t)(b->sum + read);
  if (at_rail) b->read_flags |= RSP_SF_SATURATED;
  if (++b->reads < s->decimation) return;

  {
    const int16_t sample = finish_sample(d, ch, b);
    if (b->count == 0u) b->t_first_us = b->t_sample_us;
    b->samples[b->count++] = sample;
    b->flags |= b->read_flags;
    if (b->read_flags & RSP_SF_SATURATED) d->saturated_mask = (uint8_t)(d->saturated_mask | (1u << ch));
    b->sum = 0;
    b->reads = 0;
    b->read_flags = 0;
  }
  if (b->count >= s->block) send_block(d, ch);
}

/* Ticks between the expected tick and t_us were lost: close the blocks where the data is
 * continuous, drop partial sums, count the loss. */
static void ticks_lost(fw_device* d, uint32_t lost) {
  uint8_t ch;
  for (ch = 0; ch < FW_CHANNEL_COUNT; ++ch) {
    send_block(d, ch);
    d->blocks[ch].sum = 0;
    d->blocks[ch].reads = 0;
    d->blocks[ch].read_flags = 0;
  }
  d->overruns = (uint16_t)((uint32_t)d->overruns + lost > 0xFFFFu ? 0xFFFFu : d->overruns + lost);
  /* STATUS stays once a second of device time, lost ticks included. */
  d->ticks_to_status = (uint16_t)(lost >= d->ticks_to_status ? 1u : d->ticks_to_status - lost);
}

void fw_device_tick(fw_device* d, const uint16_t reads[FW_CHANNEL_COUNT], uint32_t t_us) {
  uint8_t ch;
  if (!d->streaming) return;
  if (d->have_tick && t_us != d->next_tick_us) ticks_lost(d, (t_us - d->next_tick_us) / FW_TICK_US);
  d->have_tick = 1u;
  d->next_tick_us = t_us + FW_TICK_US;
  for (ch = 0; ch < FW_CHANNEL_COUNT; ++ch) add_read(d, ch, reads[ch], t_us);
  if (--d->ticks_to_status == 0u) {
    d->ticks_to_status = FW_STATUS_INTERVAL_TICKS;
    send_status(d, t_us);
  }
}
