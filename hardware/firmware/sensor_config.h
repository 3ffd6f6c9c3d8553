/*
 * What the DIY sensor measures and how: the sampling tick, the three channels (pins, rates,
 * block sizes, units), the firmware identity. Pure C99, shared by the AVR build and the host
 * tests of the framing code. Protocol constants come only from resonant_protocol.h.
 *
 * Timing: one hardware-timer tick every FW_TICK_US reads all three analog inputs (PPG first,
 * so its conversion starts at the tick itself). The PPG streams every tick (250 Hz); the
 * slower signals are averages of consecutive reads (a boxcar anti-alias filter that also adds
 * resolution): belt 5 reads -> 50 Hz, skin conductance 10 reads -> 25 Hz. An averaged sample
 * is stamped at the middle of the reads it averages, where a boxcar's delay is.
 */
#ifndef RESONANT_FW_SENSOR_CONFIG_H
#define RESONANT_FW_SENSOR_CONFIG_H

#include <stdint.h>

#include "resonant_protocol.h"

#define FW_VERSION_MAJOR 1u
#define FW_VERSION_MINOR 0u
#define FW_VERSION_PATCH 0u
#define FW_DEVICE_NAME "Resonant DIY sensor (ATmega328P)"

/* ---- sampling tick ---------------------------------------------------------------------- */
#define FW_US_PER_S 1000000ul
#define FW_TICK_RATE_HZ 250u                            /* every channel is read each tick */
#define FW_TICK_US ((uint32_t)(FW_US_PER_S / FW_TICK_RATE_HZ)) /* 4000 us */
#define FW_STATUS_INTERVAL_TICKS FW_TICK_RATE_HZ        /* one STATUS frame per second */

/* ---- ADC -------------------------------------------------------------------------------- */
#define FW_ADC_BITS 10u
#define FW_ADC_MAX ((1u << FW_ADC_BITS) - 1u)           /* 1023: the upper rail */
#define FW_ADC_STEPS (1u << FW_ADC_BITS)                /* counts = Vin * 1024 / Vref */
#define FW_ADC_REF_VOLTS 5.0f                           /* AVcc of a USB-powered Nano */

/* ---- channels ----------------------------------------------------------------------------
 * Channel ids are RSP channel ids and also the index of the ADC read within a tick.
 */
#define FW_CHANNEL_COUNT 3u
#define FW_CH_PPG 0u
#define FW_CH_BELT 1u
#define FW_CH_EDA 2u

/* Analog pins (ADC multiplexer inputs) of each channel: A0, A1, A2. */
#define FW_PIN_PPG 0u
#define FW_PIN_BELT 1u
#define FW_PIN_EDA 2u

/* Reads averaged into one sample, and samples per SAMPLES frame (100-200 ms of signal, so the
 * host sees data at least every 0.2 s while a frame stays far below RSP_MAX_PAYLOAD). */
#define FW_PPG_DECIMATION 1u
#define FW_BELT_DECIMATION 5u
#define FW_EDA_DECIMATION 10u
#define FW_PPG_BLOCK 25u      /* 100 ms at 250 Hz */
#define FW_BELT_BLOCK 5u      /* 100 ms at 50 Hz */
#define FW_EDA_BLOCK 5u       /* 200 ms at 25 Hz */
#define FW_MAX_BLOCK FW_PPG_BLOCK

/* Sample rates in millihertz, as CHANNEL frames carry them. */
#define FW_RATE_MHZ(decimation) ((uint32_t)(FW_TICK_RATE_HZ * 1000ul / (decimation)))

/* PPG and belt stream ADC counts (the belt as the sum of its reads); the CHANNEL scale turns
 * them into volts at the pin, the "arbitrary units" of RSP_CH_PPG and RSP_CH_RESP. */
#define FW_VOLTS_PER_COUNT (FW_ADC_REF_VOLTS / (float)FW_ADC_STEPS)

/* Skin conductance: 5 V -> electrode -> skin -> electrode -> A2 -> FW_EDA_REF_OHMS -> GND.
 * G_skin = counts / (R_ref * (1024 - counts)); streamed in FW_EDA_NS_PER_LSB steps. */
#define FW_EDA_REF_OHMS 200000ul
#define FW_EDA_NS_PER_LSB 10u                           /* 0.01 uS per LSB: 0..327 uS */
#define FW_EDA_US_PER_LSB ((float)FW_EDA_NS_PER_LSB / 1000.0f)
#define FW_EDA_MIN_CONTACT_LSB 5u    /* below 0.05 uS (over 20 MOhm) the electrodes are off */

#endif /* RESONANT_FW_SENSOR_CONFIG_H */
