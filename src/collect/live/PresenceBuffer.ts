/**
 * Buffers presence per channel for the open windows and turns closed windows into PresenceWindow records.
 * Windows are aligned to the epoch in steps of `windowMinutes`; a window closes once the flush time passes
 * its end plus `latenessMs`, so lines that arrive a little out of order still land in their window.
 * Memory is bounded by the distinct (channel, user) pairs of the open windows: one small record each,
 * held in typed arrays per channel window (no object per user).
 */
import { type ChannelMeta, InputError, type PresenceUser, type PresenceWindow } from "../../core/index.js";

export interface PresenceBufferOptions {
  /** Window length (collection.collection_interval_minutes). */
  windowMinutes: number;
  /** Bucket length inside a window (collection.bucket_len_s). */
  bucketLenS: number;
  /** How long after a window's end events for it are still accepted before it is emitted. */
  latenessMs: number;
}

export const PRESENCE_BUFFER_DEFAULTS: PresenceBufferOptions = { windowMinutes: 5, bucketLenS: 60, latenessMs: 30_000 };

/** What discovery knows about a channel; written into each of its windows. */
export interface ChannelInfo {
  id?: string | null;
  contentId?: string | null;
  contentStartedAt?: string | null;
  meta?: Partial<ChannelMeta>;
}

const UNKNOWN_META: ChannelMeta = { gameId: null, gameName: null, language: null, viewerCount: null, title: null, displayName: null };
const INITIAL_CAPACITY = 8;

/** One channel's users in one window, as parallel arrays indexed by the user's slot. */
class ChannelWindow {
  readonly slotOf = new Map<string, number>();
  ids: string[] = [];
  logins: string[] = [];
  messages = new Uint32Array(INITIAL_CAPACITY);
  /** First and last event, ms after the window start. */
  firstMs = new Uint32Array(INITIAL_CAPACITY);
  lastMs = new Uint32Array(INITIAL_CAPACITY);
  /** `words` 32-bit words of bucket bits per slot. */
  masks: Uint32Array;
  channelId: string | null = null;

  constructor(private readonly words: number) {
    this.masks = new Uint32Array(INITIAL_CAPACITY * words);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Returns true when the user is new in this window. */
  add(userId: string, login: string, offsetMs: number, bucket: number): boolean {
    let slot = this.slotOf.get(userId);
    let added = false;
    if (slot === undefined) {
      slot = this.ids.length;
      if (slot === this.messages.length) this.grow();
      this.slotOf.set(userId, slot);
      this.ids.push(userId);
      this.logins.push(detach(login));
      this.firstMs[slot] = offsetMs;
      this.lastMs[slot] = offsetMs;
      added = true;
    } else {
      if (offsetMs < this.firstMs[slot]) this.firstMs[slot] = offsetMs;
      if (offsetMs > this.lastMs[slot]) this.lastMs[slot] = offsetMs;
    }
    this.messages[slot]++;
    this.masks[slot * this.words + (bucket >>> 5)] |= 1 << (bucket & 31);
    return added;
  }

  users(): PresenceUser[] {
    const out: PresenceUser[] = new Array(this.size);
    for (let s = 0; s < this.size; s++) {
      const buckets: number[] = [];
      for (let w = 0; w < this.words; w++) {
        let bits = this.masks[s * this.words + w];
        while (bits !== 0) {
          const low = 31 - Math.clz32(bits & -bits);
          buckets.push(w * 32 + low);
          bits &= bits - 1;
        }
      }
      out[s] = { id: this.ids[s], login: this.logins[s], messages: this.messages[s], firstS: this.firstMs[s] / 1000, lastS: this.lastMs[s] / 1000, buckets };
    }
    return out;
  }

  private grow(): void {
    const cap = this.messages.length * 2;
    const grow32 = (a: Uint32Array, n: number) => {
      const b = new Uint32Array(n);
      b.set(a);
      return b;
    };
    this.messages = grow32(this.messages, cap);
    this.firstMs = grow32(this.firstMs, cap);
    this.lastMs = grow32(this.lastMs, cap);
    this.masks = grow32(this.masks, cap * this.words);
  }
}

export class PresenceBuffer {
  readonly options: PresenceBufferOptions;
  private readonly windowMs: number;
  private readonly bucketMs: number;
  private readonly words: number;
  /** Open windows by start, each with its channels. */
  private readonly open = new Map<number, Map<string, ChannelWindow>>();
  private readonly info = new Map<string, ChannelInfo>();
  /** Windows starting before this have been emitted; later events for them are late. */
  private closedBeforeMs = -Infinity;
  // The window the last event fell in: consecutive events almost always share it.
  private hotStart = NaN;
  private hotChannels: Map<string, ChannelWindow> | null = null;
  private pairs = 0;
  lateEvents = 0;

  constructor(options: Partial<PresenceBufferOptions> = {}) {
    this.options = resolvePresenceBufferOptions(options);
    this.windowMs = this.options.windowMinutes * 60_000;
    this.bucketMs = this.options.bucketLenS * 1000;
    this.words = Math.ceil(Math.ceil(this.windowMs / this.bucketMs) / 32);
  }

  /** Distinct (channel, user) pairs held in the open windows. */
  get openPairs(): number {
    return this.pairs;
  }

  get openWindows(): number {
    return this.open.size;
  }

  /** Discovery's facts about a channel (id, stream, metadata), used for the windows it emits from now on. */
  describeChannel(login: string, info: ChannelInfo): void {
    this.info.set(login, { ...this.info.get(login), ...info });
  }

  /** Records one presence event; false when its window was already emitted (counted in lateEvents). */
  record(channelLogin: string, channelId: string | null, userId: string, login: string, atMs: number): boolean {
    const start = atMs - (atMs % this.windowMs);
    let channels = this.hotChannels;
    if (start !== this.hotStart || channels === null) {
      if (start < this.closedBeforeMs) {
        this.lateEvents++;
        return false;
      }
      channels = this.open.get(start) ?? null;
      if (channels === null) {
        channels = new Map();
        this.open.set(start, channels);
      }
      this.hotStart = start;
      this.hotChannels = channels;
    }
    let cw = channels.get(channelLogin);
    if (cw === undefined) {
      cw = new ChannelWindow(this.words);
      channels.set(detach(channelLogin), cw);
    }
    if (channelId !== null && cw.channelId === null) cw.channelId = channelId;
    const offset = atMs - start;
    if (cw.add(userId, login, offset, Math.floor(offset / this.bucketMs))) this.pairs++;
    return true;
  }

  /** Emits every window whose end plus the lateness allowance is at or before `upToMs`, oldest first. */
  flush(upToMs: number): PresenceWindow[] {
    const due = [...this.open.keys()].filter((s) => s + this.windowMs + this.options.latenessMs <= upToMs).sort((a, b) => a - b);
    const out: PresenceWindow[] = [];
    for (const start of due) out.push(...this.close(start));
    const edge = upToMs - this.options.latenessMs;
    const closedBefore = edge - (edge % this.windowMs);
    if (closedBefore > this.closedBeforeMs) this.closedBeforeMs = closedBefore;
    return out;
  }

  /** Emits every open window (shutdown, end of an import). */
  flushAll(): PresenceWindow[] {
    const starts = [...this.open.keys()].sort((a, b) => a - b);
    const out: PresenceWindow[] = [];
    for (const start of starts) out.push(...this.close(start));
    if (starts.length) this.closedBeforeMs = Math.max(this.closedBeforeMs, starts[starts.length - 1] + this.windowMs);
    return out;
  }

  private close(start: number): PresenceWindow[] {
    const channels = this.open.get(start);
    this.open.delete(start);
    if (this.hotStart === start) {
      this.hotStart = NaN;
      this.hotChannels = null;
    }
    if (!channels) return [];
    const out: PresenceWindow[] = [];
    const startIso = new Date(start).toISOString();
    for (const [login, cw] of channels) {
      this.pairs -= cw.size;
      const info = this.info.get(login);
      out.push({
        platform: "twitch",
        source: "live",
        channel: { login, id: info?.id ?? cw.channelId },
        contentId: info?.contentId ?? null,
        contentStartedAt: info?.contentStartedAt ?? null,
        start: startIso,
        vodOffsetS: null,
        lengthS: this.windowMs / 1000,
        bucketLenS: this.options.bucketLenS,
        users: cw.users(),
        meta: { ...UNKNOWN_META, ...info?.meta },
      });
    }
    return out;
  }
}

export function resolvePresenceBufferOptions(options: Partial<PresenceBufferOptions>): PresenceBufferOptions {
  const o = { ...PRESENCE_BUFFER_DEFAULTS, ...options };
  const windowMs = o.windowMinutes * 60_000;
  if (!(windowMs >= 1000) || !Number.isInteger(windowMs)) throw new InputError(`presence buffer: windowMinutes must be a whole number of seconds >= 1, got ${o.windowMinutes}`);
  if (!(o.bucketLenS > 0) || windowMs % (o.bucketLenS * 1000) !== 0) {
    throw new InputError(`presence buffer: bucketLenS (${o.bucketLenS}) must divide the window (${windowMs / 1000} s)`);
  }
  if (!(o.latenessMs >= 0)) throw new InputError(`presence buffer: latenessMs must be >= 0, got ${o.latenessMs}`);
  return o;
}

/**
 * A copy of `s` that does not keep the line it was sliced from alive (V8 slices of 13+ characters
 * point into their parent string). Called once per new (channel, user) pair, not per message.
 */
function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, "utf8").toString("utf8");
}
