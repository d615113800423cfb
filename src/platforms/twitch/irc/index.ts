// Twitch IRC: the line parser, chat events, one connection and its join limiter.
export { type IrcLine, type IrcPrefix, parseIrcLine, unescapeTagValue } from "./parseIrcLine.js";
export { type ChatEvent, type ChatEventKind, type ChatEventOptions, type BotKind, toChatEvent } from "./chatEvent.js";
export { JoinLimiter } from "./JoinLimiter.js";
export {
  type IrcAuth,
  type IrcConnectionOptions,
  type IrcConnectionHandlers,
  type IrcConnectionCounts,
  IrcConnection,
  IRC_CONNECTION_DEFAULTS,
  UNAVAILABLE_NOTICES,
  batchChannels,
} from "./IrcConnection.js";
