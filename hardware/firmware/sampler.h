/*
 * The sampling clock and the ADC: Timer1 interrupts every FW_TICK_US, its interrupt starts
 * the PPG conversion at once (the least-jitter point), the ADC interrupt chains the belt and
 * skin-conductance conversions (~104 us each), and the finished tick waits in a ring for the
 * main loop. The device's microsecond clock is Timer1 itself, so sample times are exact
 * multiples of the tick: t_dev_us of a tick = FW_TICK_US x ticks since power-up (wrapping
 * modulo 2^32 like RSP's clock).
 *
 * Threading contract: call from the main loop only; the timer and ADC interrupts fill the
 * ring. A tick that finds the ring full is dropped (its absence shows in the tick times).
 */
#ifndef RESONANT_FW_SAMPLER_H
#define RESONANT_FW_SAMPLER_H

#include <stdint.h>

#include "sensor_config.h"

void sampler_init(void);
/* The oldest finished tick: its reads and device time. 0 when none is waiting. */
uint8_t sampler_take(uint16_t reads[FW_CHANNEL_COUNT], uint32_t* t_us);
uint8_t sampler_pending(void);
/* The device clock now, microseconds (4 us resolution). */
uint32_t sampler_now_us(void);

#endif /* RESONANT_FW_SAMPLER_H */
