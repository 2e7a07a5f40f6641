import type { AppConfig } from '../../config';
import type { ChannelName } from '../notify-contract';
import { createEmailChannel } from './email';
import { createSmsChannel, createSmsTransport } from './sms';
import type { Channel } from './types';

// The one place channels are registered. A new channel is a folder beside email/ and sms/, one
// line here, its settings in config/index.ts, and its name in ChannelName (notify-contract.ts).

type ChannelSettings = Pick<AppConfig, 'smtp' | 'sms'>;

const FACTORIES: { [K in ChannelName]: (config: ChannelSettings) => Channel } = {
  email: (config) => createEmailChannel(config.smtp),
  sms: (config) => createSmsChannel(createSmsTransport(config.sms)),
};

/** Every registered channel's name. */
export const CHANNEL_NAMES = Object.keys(FACTORIES) as [ChannelName, ...ChannelName[]];

export interface ChannelRegistry {
  get(name: ChannelName): Channel;
  /** Every channel's start-up check, in turn; the first unusable setting throws ChannelCheckError. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** The registered channels built from the configuration; `overrides` replace some (tests, benchmarks). */
export function createChannelRegistry(
  config: ChannelSettings,
  overrides: Partial<Record<ChannelName, Channel>> = {},
): ChannelRegistry {
  const channels = new Map<ChannelName, Channel>();
  const get = (name: ChannelName): Channel => {
    let channel = channels.get(name);
    if (!channel) {
      channel = overrides[name] ?? FACTORIES[name](config);
      channels.set(name, channel);
    }
    return channel;
  };
  return {
    get,
    async check() {
      for (const name of CHANNEL_NAMES) await get(name).check();
    },
    async close() {
      await Promise.all([...channels.values()].map((c) => c.close()));
    },
  };
}

/** A registry of the given channels only (tests): asking for another one is a programming error. */
export function channelRegistryOf(channels: Partial<Record<ChannelName, Channel>>): ChannelRegistry {
  return {
    get(name) {
      const channel = channels[name];
      if (!channel) throw new Error(`no ${name} channel in this registry`);
      return channel;
    },
    async check() {
      for (const channel of Object.values(channels)) await channel.check();
    },
    async close() {
      await Promise.all(Object.values(channels).map((c) => c.close()));
    },
  };
}
