/**
 * A seeded synthetic month of presence with a known answer: planted communities of channels, Zipf channel
 * popularity, languages and games that follow the communities, heavy-tailed user activity (most users watch
 * 1-3 channels of their home community, some cross), and a few dozen bots present in most channels — the
 * accounts that blind a naive overlap graph. The demo command, tests and benchmarks all draw from it.
 *
 * Output is columnar: one row per (channel, user, day), as typed arrays; no object per user or row.
 */
import { ConfigError, createRng, loadBotLists, type Rng } from "../../core/index.js";

export interface SyntheticOptions {
  channels: number;
  /** Human users (bots come on top). */
  users: number;
  days: number;
  communities: number;
  bots: number;
  seed: number;
  /** First UTC day (YYYY-MM-DD). */
  start: string;
  /** Exponent of the channels' Zipf popularity (weight of rank r is 1 / r^s). */
  zipfExponent: number;
  /** Chance that one of a user's channels lies outside their home community. */
  crossShare: number;
  /** Exponent of the power law of channels per user, P(k) ∝ k^-a on 1..maxChannelsPerUser. */
  channelsPerUserExponent: number;
  /** Capped at `channels`. */
  maxChannelsPerUser: number;
  /** Exponent of the power law of days a user spends in one channel, P(d) ∝ d^-a on 1..days. */
  daysPerPairExponent: number;
  /** Bots are each present in a share of channels drawn from [min, max]. */
  botChannelShareMin: number;
  botChannelShareMax: number;
  /** Share of bots named after the shipped service-bot list (the rest are unlisted lurkers). */
  listedBotShare: number;
}

export const DEFAULTS: SyntheticOptions = {
  channels: 1000,
  users: 200_000,
  days: 30,
  communities: 20,
  bots: 40,
  seed: 42,
  start: "2025-01-01",
  zipfExponent: 1,
  crossShare: 0.3,
  channelsPerUserExponent: 2.3,
  maxChannelsPerUser: 60,
  daysPerPairExponent: 1.7,
  botChannelShareMin: 0.5,
  botChannelShareMax: 0.95,
  listedBotShare: 0.5,
};

export interface SyntheticChannel {
  login: string;
  displayName: string;
  id: string;
  language: string;
  game: string;
  /** The planted community (the truth community detection should find). */
  community: number;
}

export interface SyntheticPresence {
  options: SyntheticOptions;
  channels: SyntheticChannel[];
  /** Humans, then bots: user u is a bot when u >= humanCount. */
  userCount: number;
  humanCount: number;
  /** Bot b is user humanCount + b. */
  botLogins: string[];
  /** UTC day of each day index. */
  dayNames: string[];
  rows: { channelIdx: Int32Array; userIdx: Int32Array; dayIdx: Uint16Array; count: number };
}

const LANGUAGES = ["en", "en", "en", "es", "de", "fr", "pt", "ru", "ja", "ko", "it", "pl", "tr", "zh"];
// No commas: the peer's CSV reader splits on them.
const GAMES = [
  "Just Chatting", "League of Legends", "Valorant", "Minecraft", "Grand Theft Auto V", "Counter-Strike",
  "Fortnite", "Dota 2", "World of Warcraft", "Apex Legends", "Call of Duty: Warzone", "Overwatch 2",
  "Hearthstone", "Rust", "Dead by Daylight", "Escape from Tarkov", "Teamfight Tactics", "Chess", "Music",
  "Art", "Sports", "Slots", "Elden Ring", "Pokemon", "Rocket League", "Street Fighter 6",
];
const SYLLABLES = ["ka", "lo", "mi", "ra", "zu", "te", "no", "vi", "sha", "ren", "do", "pix", "gar", "el", "qu", "bo", "yan", "tor"];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function resolveSyntheticOptions(options: Partial<SyntheticOptions> = {}): SyntheticOptions {
  const o: SyntheticOptions = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const problems: string[] = [];
  const positiveInt = (name: keyof SyntheticOptions, max = Infinity) => {
    const v = o[name] as number;
    if (!Number.isInteger(v) || v < 1 || v > max) problems.push(`${name}: must be an integer in 1..${max}`);
  };
  positiveInt("channels", 1_000_000);
  positiveInt("users", 100_000_000);
  positiveInt("days", 366);
  positiveInt("communities", Math.max(1, o.channels));
  positiveInt("maxChannelsPerUser");
  if (!Number.isInteger(o.bots) || o.bots < 0) problems.push("bots: must be a non-negative integer");
  if (!Number.isInteger(o.seed)) problems.push("seed: must be an integer");
  if (!DAY.test(o.start) || Number.isNaN(Date.parse(`${o.start}T00:00:00Z`))) problems.push(`start: not a UTC day: ${JSON.stringify(o.start)}`);
  for (const name of ["crossShare", "botChannelShareMin", "botChannelShareMax", "listedBotShare"] as const) {
    if (!(o[name] >= 0 && o[name] <= 1)) problems.push(`${name}: must be within 0..1`);
  }
  if (o.botChannelShareMin > o.botChannelShareMax) problems.push("botChannelShareMin: must not exceed botChannelShareMax");
  for (const name of ["zipfExponent", "channelsPerUserExponent", "daysPerPairExponent"] as const) {
    if (!(o[name] >= 0 && Number.isFinite(o[name]))) problems.push(`${name}: must be a non-negative number`);
  }
  if (problems.length) throw new ConfigError(`synthetic: invalid options: ${problems.join("; ")}`, problems);
  return { ...o, maxChannelsPerUser: Math.min(o.maxChannelsPerUser, o.channels) };
}

/** Generates the synthetic presence; the same options (seed included) give the same data. */
export function generateSynthetic(options: Partial<SyntheticOptions> = {}): SyntheticPresence {
  const o = resolveSyntheticOptions(options);
  const rng = createRng(o.seed);
  const channels = plantChannels(o, rng);
  const rows = new RowBuilder(Math.ceil(o.users * 8));
  addHumans(o, channels, rows, rng);
  const botLogins = botNames(o);
  addBots(o, botLogins.length, rows, rng);
  const startMs = Date.parse(`${o.start}T00:00:00Z`);
  const dayNames = Array.from({ length: o.days }, (_, d) => new Date(startMs + d * 86_400_000).toISOString().slice(0, 10));
  return { options: o, channels, userCount: o.users + botLogins.length, humanCount: o.users, botLogins, dayNames, rows: rows.finish() };
}

/** Login of user u: `viewer_<u>` for humans, the bot's login for bots. */
export function syntheticUserLogin(data: SyntheticPresence, u: number): string {
  return u >= data.humanCount ? data.botLogins[u - data.humanCount] : `viewer_${u}`;
}

/** Platform user id of user u. */
export function syntheticUserId(u: number): string {
  return String(10_000_000 + u);
}

function plantChannels(o: SyntheticOptions, rng: Rng): SyntheticChannel[] {
  const communityLanguage = Array.from({ length: o.communities }, () => LANGUAGES[Math.floor(rng() * LANGUAGES.length)]);
  const communityGames = Array.from({ length: o.communities }, () => [GAMES[1 + Math.floor(rng() * (GAMES.length - 1))], GAMES[Math.floor(rng() * GAMES.length)]]);
  // Community sizes vary (weight 1/(k+2)^0.5), but every community gets at least one channel.
  const communityWeight = Array.from({ length: o.communities }, (_, k) => 1 / Math.sqrt(k + 2));
  const cumulative = cumulate(communityWeight);
  const channels: SyntheticChannel[] = [];
  for (let c = 0; c < o.channels; c++) {
    const community = c < o.communities ? c : pick(cumulative, rng);
    const r = rng();
    const language = r < 0.85 ? communityLanguage[community] : LANGUAGES[Math.floor(rng() * LANGUAGES.length)];
    const g = rng();
    const [main, second] = communityGames[community];
    const game = g < 0.6 ? main : g < 0.8 ? second : GAMES[Math.floor(rng() * GAMES.length)];
    const name = channelName(c, rng);
    channels.push({ login: name.toLowerCase(), displayName: name, id: String(500_000 + c), language, game, community });
  }
  return channels;
}

function channelName(c: number, rng: Rng): string {
  const parts = 2 + Math.floor(rng() * 2);
  let s = "";
  for (let i = 0; i < parts; i++) s += SYLLABLES[Math.floor(rng() * SYLLABLES.length)];
  return `${s[0].toUpperCase()}${s.slice(1)}_${c}`;
}

function addHumans(o: SyntheticOptions, channels: SyntheticChannel[], rows: RowBuilder, rng: Rng): void {
  // Channel index order is popularity rank: channel c has Zipf weight 1 / (c+1)^s within its community.
  const members: number[][] = Array.from({ length: o.communities }, () => []);
  for (let c = 0; c < channels.length; c++) members[channels[c].community].push(c);
  const memberCumulative = members.map((list) => cumulate(list.map((c) => 1 / (c + 1) ** o.zipfExponent)));
  const communityCumulative = cumulate(memberCumulative.map((cum) => cum[cum.length - 1]));
  const channelsPerUser = cumulate(Array.from({ length: o.maxChannelsPerUser }, (_, k) => (k + 1) ** -o.channelsPerUserExponent));
  const daysPerPair = cumulate(Array.from({ length: o.days }, (_, d) => (d + 1) ** -o.daysPerPairExponent));
  const dayPerm = Int32Array.from({ length: o.days }, (_, d) => d);
  const picked = new Int32Array(o.maxChannelsPerUser);
  for (let u = 0; u < o.users; u++) {
    const home = pick(communityCumulative, rng);
    const k = pick(channelsPerUser, rng) + 1;
    let n = 0;
    for (let i = 0; i < k; i++) {
      // A few retries skip channels already picked; a user with fewer channels than k is fine.
      for (let attempt = 0; attempt < 4; attempt++) {
        const community = rng() < o.crossShare && o.communities > 1 ? pick(communityCumulative, rng) : home;
        const c = members[community][pick(memberCumulative[community], rng)];
        if (!picked.subarray(0, n).includes(c)) {
          picked[n++] = c;
          break;
        }
      }
    }
    for (let i = 0; i < n; i++) addDays(rows, picked[i], u, pick(daysPerPair, rng) + 1, dayPerm, rng);
  }
}

function botNames(o: SyntheticOptions): string[] {
  const service = [...loadBotLists().service].sort();
  const listed = Math.min(service.length, Math.round(o.bots * o.listedBotShare));
  const names = service.slice(0, listed);
  for (let b = listed; b < o.bots; b++) names.push(`synthetic_lurker_${b}`);
  return names;
}

function addBots(o: SyntheticOptions, bots: number, rows: RowBuilder, rng: Rng): void {
  const dayPerm = Int32Array.from({ length: o.days }, (_, d) => d);
  for (let b = 0; b < bots; b++) {
    const share = o.botChannelShareMin + rng() * (o.botChannelShareMax - o.botChannelShareMin);
    for (let c = 0; c < o.channels; c++) {
      if (rng() < share) addDays(rows, c, o.users + b, 1 + Math.floor(rng() * Math.min(3, o.days)), dayPerm, rng);
    }
  }
}

/** Adds `count` distinct random days of user u in channel c (partial Fisher–Yates over a reused permutation). */
function addDays(rows: RowBuilder, c: number, u: number, count: number, perm: Int32Array, rng: Rng): void {
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng() * (perm.length - i));
    const d = perm[j];
    perm[j] = perm[i];
    perm[i] = d;
    rows.push(c, u, d);
  }
}

function cumulate(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i];
  return out;
}

/** Index drawn with probability proportional to its weight, by binary search over cumulative weights. */
function pick(cumulative: Float64Array, rng: Rng): number {
  const x = rng() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

class RowBuilder {
  private channel: Int32Array;
  private user: Int32Array;
  private day: Uint16Array;
  private n = 0;

  constructor(capacity: number) {
    this.channel = new Int32Array(capacity);
    this.user = new Int32Array(capacity);
    this.day = new Uint16Array(capacity);
  }

  push(c: number, u: number, d: number): void {
    if (this.n === this.channel.length) this.grow();
    this.channel[this.n] = c;
    this.user[this.n] = u;
    this.day[this.n++] = d;
  }

  finish(): SyntheticPresence["rows"] {
    const n = this.n;
    return { channelIdx: this.channel.slice(0, n), userIdx: this.user.slice(0, n), dayIdx: this.day.slice(0, n), count: n };
  }

  private grow(): void {
    const size = Math.ceil(this.channel.length * 1.5) + 16;
    const grow = <T extends Int32Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.channel = grow(this.channel, (n) => new Int32Array(n));
    this.user = grow(this.user, (n) => new Int32Array(n));
    this.day = grow(this.day, (n) => new Uint16Array(n));
  }
}
