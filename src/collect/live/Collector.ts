/**
 * The standing watch behind `vieweratlas collect`: discovery (refreshed every discoveryRefreshMs) feeds the
 * chat watcher's channel list and metadata; every `cycleMs` (one collection interval) closed windows are
 * written and a cycle is counted; every `analysisEveryCycles` cycles the injected `analyze` runs (the CLI
 * wires compaction + analysis + render). It stops after `maxCycles`, `maxRuntimeMs`, one cycle in `once` mode,
 * on `signal` (SIGTERM/SIGINT), or on a fatal platform error; stopping leaves every channel and writes every
 * open window. A Helix outage only delays refreshes: the watcher keeps the channels it has.
 */
import { type Logger, PlatformError, type Scheduler, silentLogger, systemScheduler } from "../../core/index.js";
import { type LakeStore } from "../../lake/index.js";
import { HelixAuthError } from "../../platforms/twitch/index.js";
import { type ChannelSource, type DiscoveredChannel, discoverChannels } from "../discovery.js";
import { ChatWatcher, type ChatWatcherHooks, type ChatWatcherOptions, type ChatWatcherStats } from "./ChatWatcher.js";

export interface CollectorOptions {
  source: ChannelSource;
  /** Channels kept by discovery (collection.top_channels_limit). */
  topChannelsLimit: number;
  discoveryRefreshMs: number;
  /** Delay before trying again after a failed discovery. */
  discoveryRetryMs: number;
  /** Length of a cycle: one collection interval (collection.collection_interval_minutes). */
  cycleMs: number;
  /** 0 = no limit (collection.max_collection_cycles). */
  maxCycles: number;
  /** 0 = no limit (collection.max_runtime_hours). */
  maxRuntimeMs: number;
  /** One cycle, then stop. */
  once: boolean;
  /** Run `analyze` every N cycles; 0 = never (analysis.analysis_interval_cycles with --analyze). */
  analysisEveryCycles: number;
  /** Watcher settings (IRC URL, shards, windows, auth…); scheduler and logger are the collector's. */
  watcher: Partial<ChatWatcherOptions>;
  scheduler: Scheduler;
  logger: Logger;
  /** Aborting it stops the collection gracefully (the CLI wires SIGTERM and SIGINT). */
  signal?: AbortSignal;
}

export const COLLECTOR_DEFAULTS = {
  topChannelsLimit: 5000,
  discoveryRefreshMs: 10 * 60_000,
  discoveryRetryMs: 60_000,
  cycleMs: 5 * 60_000,
  maxCycles: 0,
  maxRuntimeMs: 0,
  once: false,
  analysisEveryCycles: 0,
};

export type StopReason = "once" | "max-cycles" | "max-runtime" | "signal" | "fatal";

export interface CycleReport {
  cycle: number;
  channels: number;
  joinedChannels: number;
  /** Presence events (PRIVMSG, USERNOTICE) per second over the cycle. */
  messagesPerSecond: number;
  windowsWritten: number;
  windowsPending: number;
  openPairs: number;
}

export interface CollectorHooks {
  onCycle?(report: CycleReport): void;
  /** The collector now waits for the end of cycle `cycle` at `untilMs` (tests move a manual clock on it). */
  onWaiting?(cycle: number, untilMs: number): void;
  onDiscovery?(result: { channels: DiscoveredChannel[] } | { error: Error }): void;
  /** Compaction + analysis; a failure is logged and collection goes on. */
  analyze?(cycle: number): Promise<void>;
  watcher?: ChatWatcherHooks;
}

export interface CollectReport {
  cycles: number;
  stoppedBy: StopReason;
  discoveries: number;
  discoveryFailures: number;
  analyses: number;
  analysisFailures: number;
  stats: ChatWatcherStats;
}

export class Collector {
  readonly options: CollectorOptions;
  private watcher: ChatWatcher | null = null;
  private stopReason: StopReason | null = null;
  private fatal: Error | null = null;
  private wake: (() => void) | null = null;
  private discoveryTimer: { cancel(): void } | null = null;
  private discoveries = 0;
  private discoveryFailures = 0;
  private analyses = 0;
  private analysisFailures = 0;
  private analyzedCycle = 0;

  constructor(
    private readonly lake: LakeStore,
    options: Partial<CollectorOptions> & Pick<CollectorOptions, "source">,
    private readonly hooks: CollectorHooks = {},
  ) {
    this.options = { ...COLLECTOR_DEFAULTS, watcher: {}, scheduler: systemScheduler, logger: silentLogger(), ...options };
  }

  /** The watcher while running (tests, status). */
  get chatWatcher(): ChatWatcher | null {
    return this.watcher;
  }

  /**
   * Runs until a limit, the signal or a fatal error. A refused Helix credential or an unreadable channels
   * file at the first discovery throws before anything is joined; a fatal error later throws after the
   * open windows are written.
   */
  async run(): Promise<CollectReport> {
    const o = this.options;
    const first = await this.discover(true);
    const watcher = new ChatWatcher(this.lake, { ...o.watcher, scheduler: o.scheduler, logger: o.logger }, this.hooks.watcher);
    this.watcher = watcher;
    watcher.finished.catch((error: unknown) => this.stop("fatal", error as Error));
    if (first) watcher.setChannels(first);
    this.scheduleDiscovery(first ? o.discoveryRefreshMs : o.discoveryRetryMs);
    const onAbort = () => this.stop("signal");
    if (o.signal?.aborted) this.stop("signal");
    o.signal?.addEventListener("abort", onAbort, { once: true });

    const startMs = o.scheduler.now();
    const endMs = o.maxRuntimeMs > 0 ? startMs + o.maxRuntimeMs : Infinity;
    let cycles = 0;
    let events = watcher.stats.recorder.presenceEvents;
    try {
      while (this.stopReason === null) {
        const cycleStart = o.scheduler.now();
        const untilMs = Math.min(startMs + (cycles + 1) * o.cycleMs, endMs);
        const sleeping = this.sleepUntil(untilMs);
        this.hooks.onWaiting?.(cycles + 1, untilMs);
        await sleeping;
        if (this.stopReason !== null) break;
        cycles++;
        const last = o.once ? "once" : o.maxCycles > 0 && cycles >= o.maxCycles ? "max-cycles" : o.scheduler.now() >= endMs ? "max-runtime" : null;
        if (last) this.stopReason = last;
        else await watcher.flush();
        const stats = watcher.stats;
        const seconds = Math.max(0.001, (o.scheduler.now() - cycleStart) / 1000);
        const report: CycleReport = {
          cycle: cycles,
          channels: stats.channels,
          joinedChannels: stats.joinedChannels,
          messagesPerSecond: (stats.recorder.presenceEvents - events) / seconds,
          windowsWritten: stats.windowsWritten,
          windowsPending: stats.windowsPending,
          openPairs: stats.openPairs,
        };
        events = stats.recorder.presenceEvents;
        o.logger.info(report, "collect: cycle done");
        this.hooks.onCycle?.(report);
        if (last) break;
        if (this.isAnalysisDue(cycles)) await this.analyze(cycles);
      }
    } finally {
      o.signal?.removeEventListener("abort", onAbort);
      this.discoveryTimer?.cancel();
      await watcher.stop().catch(() => undefined);
      // Windows the lake refused at stop get one more try each before giving up on them.
      if (watcher.stats.windowsPending > 0) await watcher.flush().catch(() => undefined);
    }
    if (watcher.stats.windowsPending > 0) o.logger.error({ windows: watcher.stats.windowsPending }, "collect: windows could not be written before exit");
    if (this.fatal) throw this.fatal;
    // The last cycle's analysis runs after its windows are all written (in once mode: always, when asked for).
    const finished = this.stopReason === "once" || this.stopReason === "max-cycles" || this.stopReason === "max-runtime";
    const due = this.stopReason === "once" ? o.analysisEveryCycles > 0 : this.isAnalysisDue(cycles);
    if (finished && due && this.analyzedCycle !== cycles) await this.analyze(cycles);
    return {
      cycles,
      stoppedBy: this.stopReason ?? "signal",
      discoveries: this.discoveries,
      discoveryFailures: this.discoveryFailures,
      analyses: this.analyses,
      analysisFailures: this.analysisFailures,
      stats: watcher.stats,
    };
  }

  /** Asks the collection to stop; `run` resolves once every open window is written. */
  stop(reason: StopReason = "signal", error?: Error): void {
    if (error && !this.fatal) this.fatal = error;
    if (this.stopReason === null || reason === "fatal") this.stopReason = reason;
    this.wake?.();
  }

  private isAnalysisDue(cycle: number): boolean {
    return this.options.analysisEveryCycles > 0 && cycle % this.options.analysisEveryCycles === 0 && this.hooks.analyze !== undefined;
  }

  private async analyze(cycle: number): Promise<void> {
    if (!this.hooks.analyze) return;
    this.analyzedCycle = cycle;
    try {
      await this.hooks.analyze(cycle);
      this.analyses++;
    } catch (error) {
      this.analysisFailures++;
      this.options.logger.error({ err: (error as Error).message, cycle }, "collect: analysis failed, collection goes on");
    }
  }

  /** One discovery; null after a transient failure. At start, refused credentials and bad files throw. */
  private async discover(atStart: boolean): Promise<DiscoveredChannel[] | null> {
    const o = this.options;
    try {
      const channels = await discoverChannels(o.source, o.topChannelsLimit, o.logger);
      this.discoveries++;
      o.logger.info({ channels: channels.length, source: o.source.kind }, "collect: channels discovered");
      this.hooks.onDiscovery?.({ channels });
      return channels;
    } catch (error) {
      const fatal = error instanceof HelixAuthError || (atStart && !(error instanceof PlatformError));
      if (fatal) throw error;
      this.discoveryFailures++;
      o.logger.warn({ err: (error as Error).message }, "collect: discovery failed, keeping the channels watched");
      this.hooks.onDiscovery?.({ error: error as Error });
      return null;
    }
  }

  private scheduleDiscovery(delayMs: number): void {
    const o = this.options;
    this.discoveryTimer = o.scheduler.schedule(delayMs, () => {
      void this.discover(false).then(
        (channels) => {
          if (this.stopReason !== null) return;
          if (channels) this.watcher?.setChannels(channels);
          this.scheduleDiscovery(channels ? o.discoveryRefreshMs : Math.min(o.discoveryRetryMs, o.discoveryRefreshMs));
        },
        (error: unknown) => this.stop("fatal", error as Error),
      );
    });
  }

  private sleepUntil(atMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.options.scheduler.schedule(atMs - this.options.scheduler.now(), () => {
        this.wake = null;
        resolve();
      });
      this.wake = () => {
        timer.cancel();
        this.wake = null;
        resolve();
      };
      if (this.stopReason !== null) this.wake();
    });
  }
}
