// Twitch Helix: app tokens, the client, Get Streams; wire shapes stay in *.external.ts.
export { type LiveStream, toLiveStream } from "./streams.external.js";
export { type FetchLike, type HttpResponseLike, type HelixHttpOptions, type HelixWaitReason } from "./helixHttp.js";
export { type AppTokenSource, type AppTokenProviderOptions, AppTokenProvider, APP_TOKEN_DEFAULTS, HelixAuthError } from "./AppTokenProvider.js";
export { type HelixClientOptions, type HelixClientCounts, HelixClient, HELIX_CLIENT_DEFAULTS } from "./HelixClient.js";
export { type HelixSetup, createHelixClient, resolveHelixHttp, validateUserToken } from "./createHelixClient.js";
