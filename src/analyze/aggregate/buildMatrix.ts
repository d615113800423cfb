/**
 * The typed-array half of aggregation: scanned presence rows (channel, day, source, dense user) become the
 * channel × user matrix with distinct days per cell, and the bot and channel filters run on it. Every step is a
 * linear pass or a counting sort; nothing allocates per row or per user.
 */

/** Packing of a scanned row's channel, day and source into one int: channel * ROW_CHANNEL + day * 4 + source. */
export const ROW_CHANNEL = 2048;
const CHANNEL_SHIFT = 11;
export const MAX_DAYS = 512;
export const MAX_SOURCES = 4;

export interface ScannedRows {
  count: number;
  /** channel * ROW_CHANNEL + dayIndex * MAX_SOURCES + sourceIndex per row. */
  key: Int32Array;
  /** Dense user index per row (0..userCount-1, by first appearance). */
  user: Int32Array;
  userCount: number;
}

export interface MatrixFilters {
  minChannelViewers: number;
  topChannels: number;
  /** Users (dense indices) to drop as listed bots, with their logins; null = list filter off. */
  listed: { users: Int32Array; logins: string[] } | null;
  /** Share of channels above which a user is dropped; null = heuristic off. */
  maxChannelShare: number | null;
  heuristicMinChannels: number;
}

export interface FilterEffect {
  name: string;
  removedUsers: number;
  removedChannels: number;
  removedRows: number;
  detail?: string;
}

export interface Census {
  rows: number;
  channels: number;
  users: number;
}

export interface BuiltMatrix {
  /** Original channel index of each kept channel, ascending. */
  channels: Int32Array;
  userCount: number;
  offsets: Int32Array;
  userIndex: Int32Array;
  days: Uint16Array;
  input: Census & { days: number; bySource: Census[] };
  filters: FilterEffect[];
}

/**
 * Builds the filtered matrix from scanned rows over `channelCount` channels. Channel indices are taken to be in
 * name order: top-N ties go to the lower index. Filters run in order: lists, min viewers, top N, heuristic.
 */
export function buildPresenceMatrix(rows: ScannedRows, channelCount: number, sourceCount: number, filters: MatrixFilters): BuiltMatrix {
  const { userCount } = rows;
  const uid = rows.user;
  const input = censusOfRows(rows, uid, userCount, channelCount, sourceCount);

  const sourcesPresent = input.bySource.filter((b) => b.rows > 0).length;
  const pairs = pairsByChannel(rows, uid, userCount, channelCount, sourcesPresent);
  const channelAlive = new Uint8Array(channelCount).fill(1);
  const userAlive = new Uint8Array(userCount).fill(1);
  const effects: FilterEffect[] = [];
  // Before any filter every channel and user seen has a pair: the census is the input's.
  let before: Census = { rows: input.rows, channels: input.channels, users: input.users };
  const record = (name: string, detail?: string) => {
    const after = census(pairs, channelAlive, userAlive);
    effects.push({
      name,
      removedUsers: before.users - after.users,
      removedChannels: before.channels - after.channels,
      removedRows: before.rows - after.rows,
      ...(detail ? { detail } : {}),
    });
    before = after;
  };

  let botsFound: string[] = [];
  if (filters.listed) {
    const found = new Set<string>();
    for (let b = 0; b < filters.listed.users.length; b++) {
      userAlive[filters.listed.users[b]] = 0;
      found.add(filters.listed.logins[b]);
    }
    botsFound = [...found].sort();
    record("bot lists", `${botsFound.length} listed bots found${botsFound.length ? `: ${botsFound.join(", ")}` : ""}`);
  }
  if (filters.minChannelViewers > 0) {
    const size = channelSizes(pairs, channelAlive, userAlive);
    for (let c = 0; c < channelCount; c++) if (size[c] < filters.minChannelViewers) channelAlive[c] = 0;
    record("min_channel_viewers", `channels with fewer than ${filters.minChannelViewers} unique users`);
  }
  if (filters.topChannels > 0) {
    const size = channelSizes(pairs, channelAlive, userAlive);
    const ranked = Array.from({ length: channelCount }, (_, c) => c).filter((c) => size[c] > 0);
    ranked.sort((a, b) => size[b] - size[a] || a - b);
    for (let k = filters.topChannels; k < ranked.length; k++) channelAlive[ranked[k]] = 0;
    record("top_channels", `the ${filters.topChannels} channels with the most unique users`);
  }
  if (filters.maxChannelShare !== null) {
    const channels = before.channels;
    if (channels < filters.heuristicMinChannels) {
      record("bot heuristic", `skipped: ${channels} channels, fewer than ${filters.heuristicMinChannels}`);
    } else {
      const limit = filters.maxChannelShare * channels;
      const degree = userDegrees(pairs, channelAlive, userAlive);
      for (let u = 0; u < userCount; u++) if (degree[u] > limit) userAlive[u] = 0;
      record("bot heuristic", `users in more than ${Math.floor(limit)} of ${channels} channels (share ${filters.maxChannelShare})`);
    }
  }
  return { ...compact(pairs, channelAlive, userAlive), input, filters: effects };
}

interface Pairs {
  /** Pairs of channel c are offsets[c]..offsets[c+1]. */
  offsets: Int32Array;
  user: Int32Array;
  days: Uint16Array;
  rows: Int32Array;
}

/**
 * One pair per (channel, user) with its distinct days and rows. Rows are moved into channel order by a counting
 * sort (with several sources, stably after one by day, so a user's rows of one day are adjacent within a channel
 * and distinct days are counted with a per-user stamp instead of a set).
 */
function pairsByChannel(rows: ScannedRows, uid: Int32Array, userCount: number, channelCount: number, sourceCount: number): Pairs {
  const n = rows.count;
  // With one source a (channel, user, day) occurs once: rows count the days, and neither the day sort nor the
  // days themselves are needed.
  const several = sourceCount > 1;
  let packed = rows.key.subarray(0, n);
  let user = uid.subarray(0, n);
  if (several) {
    const byDay = sortRows(packed, packed, user, MAX_DAYS, 2, MAX_DAYS - 1);
    packed = byDay.key as Int32Array;
    user = byDay.user;
  }
  const sorted = sortRows(packed, several ? packed : null, user, channelCount, CHANNEL_SHIFT, -1);
  const key = sorted.key;
  user = sorted.user;
  const starts = sorted.starts;
  // NOTE: rows are now read in order; only the per-user state (channel last seen, its pair, the day last
  // counted: one cache line) is touched at random.
  const state = new Int32Array(userCount * 3).fill(-1);
  const pairUser = new Int32Array(n);
  const pairDays = new Uint16Array(n);
  const pairRows = new Int32Array(n);
  const offsets = new Int32Array(channelCount + 1);
  let p = 0;
  for (let c = 0; c < channelCount; c++) {
    offsets[c] = p;
    const end = starts[c + 1];
    for (let k = starts[c]; k < end; k++) {
      const u = user[k];
      const d = key ? (key[k] >> 2) & (MAX_DAYS - 1) : 0;
      const at = u * 3;
      if (state[at] !== c) {
        state[at] = c;
        state[at + 1] = p;
        state[at + 2] = d;
        pairUser[p] = u;
        pairDays[p] = 1;
        pairRows[p++] = 1;
      } else {
        const q = state[at + 1];
        pairRows[q]++;
        if (state[at + 2] !== d) {
          state[at + 2] = d;
          pairDays[q]++;
        }
      }
    }
  }
  offsets[channelCount] = p;
  if (!several) for (let q = 0; q < p; q++) pairDays[q] = Math.min(pairRows[q], 65535);
  return { offsets, user: pairUser.slice(0, p), days: pairDays.slice(0, p), rows: pairRows.slice(0, p) };
}

/**
 * Stable counting sort of rows by a bucket read from the packed key, (key >>> shift) & mask (mask -1 = none):
 * moves the user column, and the key column when `keep` is given; returns them with the bucket starts.
 */
function sortRows(bucketKey: Int32Array, keep: Int32Array | null, user: Int32Array, buckets: number, shift: number, mask: number): { key: Int32Array | null; user: Int32Array; starts: Int32Array } {
  const n = user.length;
  const starts = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) starts[((bucketKey[i] >>> shift) & mask) + 1]++;
  for (let b = 0; b < buckets; b++) starts[b + 1] += starts[b];
  const cursor = starts.slice(0, buckets);
  const movedUser = new Int32Array(n);
  const movedKey = keep ? new Int32Array(n) : null;
  if (keep && movedKey) {
    for (let i = 0; i < n; i++) {
      const to = cursor[(bucketKey[i] >>> shift) & mask]++;
      movedKey[to] = keep[i];
      movedUser[to] = user[i];
    }
  } else {
    for (let i = 0; i < n; i++) movedUser[cursor[(bucketKey[i] >>> shift) & mask]++] = user[i];
  }
  return { key: movedKey, user: movedUser, starts };
}

function censusOfRows(rows: ScannedRows, uid: Int32Array, userCount: number, channelCount: number, sourceCount: number): BuiltMatrix["input"] {
  const bySource: Census[] = Array.from({ length: sourceCount }, () => ({ rows: 0, channels: 0, users: 0 }));
  const channelSeen = new Uint8Array(channelCount);
  const userSeen = new Uint8Array(userCount);
  const daySeen = new Uint8Array(MAX_DAYS);
  for (let i = 0; i < rows.count; i++) {
    const k = rows.key[i];
    const s = k & (MAX_SOURCES - 1);
    const c = Math.floor(k / ROW_CHANNEL);
    const bit = 1 << s;
    bySource[s].rows++;
    daySeen[(k >> 2) & (MAX_DAYS - 1)] = 1;
    if (!(channelSeen[c] & bit)) {
      channelSeen[c] |= bit;
      bySource[s].channels++;
    }
    if (!(userSeen[uid[i]] & bit)) {
      userSeen[uid[i]] |= bit;
      bySource[s].users++;
    }
  }
  let channels = 0;
  for (let c = 0; c < channelCount; c++) if (channelSeen[c]) channels++;
  let days = 0;
  for (let d = 0; d < MAX_DAYS; d++) days += daySeen[d];
  return { rows: rows.count, channels, users: userCount, days, bySource };
}

function census(pairs: Pairs, channelAlive: Uint8Array, userAlive: Uint8Array): Census {
  const userSeen = new Uint8Array(userAlive.length);
  let rows = 0;
  let channels = 0;
  let users = 0;
  for (let c = 0; c < channelAlive.length; c++) {
    if (!channelAlive[c]) continue;
    let any = false;
    for (let p = pairs.offsets[c]; p < pairs.offsets[c + 1]; p++) {
      const u = pairs.user[p];
      if (!userAlive[u]) continue;
      any = true;
      rows += pairs.rows[p];
      if (!userSeen[u]) {
        userSeen[u] = 1;
        users++;
      }
    }
    if (any) channels++;
  }
  return { rows, channels, users };
}

function channelSizes(pairs: Pairs, channelAlive: Uint8Array, userAlive: Uint8Array): Int32Array {
  const size = new Int32Array(channelAlive.length);
  for (let c = 0; c < channelAlive.length; c++) {
    if (!channelAlive[c]) continue;
    for (let p = pairs.offsets[c]; p < pairs.offsets[c + 1]; p++) size[c] += userAlive[pairs.user[p]];
  }
  return size;
}

function userDegrees(pairs: Pairs, channelAlive: Uint8Array, userAlive: Uint8Array): Int32Array {
  const degree = new Int32Array(userAlive.length);
  for (let c = 0; c < channelAlive.length; c++) {
    if (!channelAlive[c]) continue;
    for (let p = pairs.offsets[c]; p < pairs.offsets[c + 1]; p++) degree[pairs.user[p]]++;
  }
  return degree;
}

/** Keeps live pairs; channels with no users left go, users are renumbered densely in order of appearance. */
function compact(pairs: Pairs, channelAlive: Uint8Array, userAlive: Uint8Array): Pick<BuiltMatrix, "channels" | "userCount" | "offsets" | "userIndex" | "days"> {
  const newUser = new Int32Array(userAlive.length).fill(-1);
  const kept: number[] = [];
  const offsets: number[] = [0];
  const userIndex = new Int32Array(pairs.user.length);
  const days = new Uint16Array(pairs.user.length);
  let users = 0;
  let w = 0;
  for (let c = 0; c < channelAlive.length; c++) {
    if (!channelAlive[c]) continue;
    const start = w;
    for (let p = pairs.offsets[c]; p < pairs.offsets[c + 1]; p++) {
      const u = pairs.user[p];
      if (!userAlive[u]) continue;
      if (newUser[u] < 0) newUser[u] = users++;
      userIndex[w] = newUser[u];
      days[w++] = pairs.days[p];
    }
    if (w > start) {
      kept.push(c);
      offsets.push(w);
    }
  }
  return { channels: Int32Array.from(kept), userCount: users, offsets: Int32Array.from(offsets), userIndex: userIndex.slice(0, w), days: days.slice(0, w) };
}
