// The face of platforms/twitch: Twitch's wire formats stop here; everything past it sees the project's records.
export {
  type IrcLine,
  type IrcPrefix,
  type ChatEvent,
  type ChatEventKind,
  type ChatEventOptions,
  type BotKind,
  parseIrcLine,
  unescapeTagValue,
  toChatEvent,
} from "./irc/index.js";
